using System.Text;

namespace Training.Plots;

/// <summary>The files a picture was written to.</summary>
/// <param name="Svg">The SVG file.</param>
/// <param name="Png">The PNG file, or null when <c>rsvg-convert</c> is not installed (or no PNG was asked for).</param>
public sealed record PictureFiles(string Svg, string? Png)
{
    /// <summary>
    /// Writes <paramref name="chart"/> to <paramref name="svgPath"/> (atomically) and, when <paramref name="png"/> and
    /// <see cref="PngRenderer.IsAvailable"/>, a PNG beside it with the same name.
    /// </summary>
    public static PictureFiles Write(RenderedChart chart, string svgPath, bool png = true)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentException.ThrowIfNullOrWhiteSpace(svgPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(svgPath));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        var temporary = svgPath + ".tmp";
        File.WriteAllText(temporary, chart.Svg, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, svgPath, overwrite: true);
        if (!png || !PngRenderer.IsAvailable) return new PictureFiles(svgPath, null);
        var pngPath = Path.ChangeExtension(svgPath, ".png");
        PngRenderer.Render(svgPath, pngPath);
        return new PictureFiles(svgPath, pngPath);
    }
}
