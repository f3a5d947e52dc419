using System.Xml.Linq;

namespace Training.Plots.Tests;

/// <summary>Writes a rendered chart, checks the SVG parses, and renders it with rsvg-convert (required: build.sh installs librsvg2-bin).</summary>
public static class Rendering
{
    /// <summary>The PNG of <paramref name="chart"/>, decoded.</summary>
    public static PngImage ToPng(RenderedChart chart, string folder, string name)
    {
        var document = XDocument.Parse(chart.Svg);
        Assert.That(document.Root!.Name.LocalName, Is.EqualTo("svg"));
        Assert.That(PngRenderer.IsAvailable, Is.True, "rsvg-convert is missing: install librsvg2-bin (./build.sh does)");
        var files = PictureFiles.Write(chart, Path.Combine(folder, name + ".svg"));
        Assert.That(files.Png, Is.Not.Null);
        var image = PngImage.Read(files.Png!);
        Assert.That((image.Width, image.Height), Is.EqualTo((chart.Width, chart.Height)));
        return image;
    }

    /// <summary>Copies the PNGs of <paramref name="folder"/> into the folder named by <c>PLOTS_KEEP</c>, when set, to look at them.</summary>
    public static void KeepPictures(string folder)
    {
        if (Environment.GetEnvironmentVariable("PLOTS_KEEP") is not { Length: > 0 } keep) return;
        Directory.CreateDirectory(keep);
        foreach (var file in Directory.GetFiles(folder, "*.png")) File.Copy(file, Path.Combine(keep, Path.GetFileName(file)), overwrite: true);
    }
}
