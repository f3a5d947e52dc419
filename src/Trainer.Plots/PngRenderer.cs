using System.Diagnostics;

namespace Training.Plots;

/// <summary>
/// Turns an SVG file into a PNG with librsvg's <c>rsvg-convert</c> (Debian package <c>librsvg2-bin</c>) when it is
/// on the PATH; the library draws no pixels itself.
/// </summary>
public static class PngRenderer
{
    /// <summary>The renderer's command name.</summary>
    public const string Command = "rsvg-convert";

    /// <summary>The full path of <c>rsvg-convert</c> on the PATH, or null when it is not installed.</summary>
    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, Command);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    /// <summary>True when a PNG can be written.</summary>
    public static bool IsAvailable => Find() is not null;

    /// <summary>Renders <paramref name="svgPath"/> to <paramref name="pngPath"/>; an error when the renderer is missing or fails.</summary>
    public static void Render(string svgPath, string pngPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(svgPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
        var command = Find() ?? throw new FileNotFoundException(
            $"{Command} is not on the PATH: install Debian's librsvg2-bin (apt-get install librsvg2-bin) to write {pngPath}");
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Written beside the target, then moved: a reader never sees half a PNG.
        var temporary = pngPath + ".tmp";
        foreach (var argument in new[] { "--format", "png", "--output", temporary, svgPath }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Command} did not start");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            File.Delete(temporary);
            throw new InvalidOperationException($"{Command} failed on {svgPath} (exit code {process.ExitCode}): {errors.Result.Trim()}");
        }

        File.Move(temporary, pngPath, overwrite: true);
    }
}
