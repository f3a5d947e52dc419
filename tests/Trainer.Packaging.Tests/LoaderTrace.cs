namespace Training.Packaging.Tests;

/// <summary>
/// The Linux dynamic loader's account of a program's run (LD_DEBUG=files, written to standard error): which files it
/// actually loaded, so a test can tell the patched libLibTorchSharp.so from the package's copy or a fallback copy.
/// </summary>
public static class LoaderTrace
{
    /// <summary>The environment that makes the loader write the trace.</summary>
    public static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?> { ["LD_DEBUG"] = "files" };

    /// <summary>The full paths of the loaded files named <paramref name="fileName"/>, in load order.</summary>
    public static IReadOnlyList<string> Loaded(string error, string fileName) =>
        [.. TraceLines(error).Select(LoadedFile).OfType<string>().Where(path => Path.GetFileName(path) == fileName).Distinct()];

    /// <summary>Standard error without the trace: what the program itself wrote there.</summary>
    public static string WithoutTrace(string error) => string.Join('\n', error.Split('\n').Where(line => !IsTrace(line)));

    // "  1234:\tcalling init: /path/libX.so": the loader runs a loaded file's initialisers, naming it by its full path
    // (its "file=" lines name a needed library only as it was asked for).
    private static string? LoadedFile(string line)
    {
        const string Marker = "calling init: ";
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        return at >= 0 ? line[(at + Marker.Length)..].Trim() : null;
    }

    private static IEnumerable<string> TraceLines(string error) => error.Split('\n').Where(IsTrace);

    // Each trace line starts with the process id and a colon.
    private static bool IsTrace(string line)
    {
        var trimmed = line.TrimStart();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && trimmed[..colon].All(char.IsAsciiDigit);
    }
}
