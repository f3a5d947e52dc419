namespace Training.Packaging.Tests;

/// <summary>
/// How TorchSharp loaded in a program that ran with <see cref="LoaderTrace.Environment"/>: its first, regular load
/// took libLibTorchSharp.so from the program's own native folder (runtimes/linux-x64/native in a portable build, the
/// program's folder in one for a runtime identifier), so its fallback loader never copied the package's unpatched
/// files into a cpu/ folder, and that copy is the patched one exactly where the system libstdc++ needs it.
/// </summary>
public static class TorchSharpLoad
{
    /// <summary>Asserts the above for the portable program in <paramref name="appFolder"/>, given its standard error.</summary>
    public static void AssertLoadedFrom(string appFolder, string error) =>
        AssertLoadedFrom(appFolder, Path.Combine(appFolder, TorchSharpCompat.NativeFolder), error);

    /// <summary>Asserts the above for the program in <paramref name="appFolder"/> whose native files are in <paramref name="native"/>.</summary>
    public static void AssertLoadedFrom(string appFolder, string native, string error)
    {
        Assert.That(Directory.Exists(Path.Combine(appFolder, "cpu")), Is.False,
            $"TorchSharp's first load failed and it consolidated the package's unpatched native files into {Path.Combine(appFolder, "cpu")}");
        if (!OperatingSystem.IsLinux()) return;

        var library = Path.Combine(native, "libLibTorchSharp.so");
        var compat = Path.Combine(native, TorchSharpCompat.CompatLibrary);
        Assert.That(LoaderTrace.Loaded(error, "libLibTorchSharp.so"), Is.EqualTo(new[] { library }), "the libLibTorchSharp.so the loader mapped");
        if (TorchSharpCompat.WhyNothingIsPatched is { } reason)
        {
            Assert.That(File.Exists(compat), Is.False, $"{reason}, yet {compat} was written");
            return;
        }

        Assert.That(TorchSharpCompat.IsPatched(library), Is.True, $"{library} does not name {TorchSharpCompat.CompatLibrary}: it is the unpatched package file");
        Assert.That(LoaderTrace.Loaded(error, TorchSharpCompat.CompatLibrary), Is.EqualTo(new[] { compat }), "the compat library the loader mapped");
    }
}
