using System.Text;

namespace Training.Testing;

/// <summary>
/// What the TorchSharp compat step (src/Trainer.TorchExtensions/build/TorchSharpCompat.targets) does on this machine:
/// where the system libstdc++ is too old for TorchSharp 0.107 (Debian 12, Ubuntu 22.04) a patched copy of
/// libLibTorchSharp.so names the compat library; elsewhere nothing is patched.
/// </summary>
public static class TorchSharpCompat
{
    /// <summary>The libstdc++ the dynamic loader finds on Linux x64.</summary>
    public const string SystemLibstdcxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";

    /// <summary>Where TorchSharp's Linux native files sit in an output folder.</summary>
    public const string NativeFolder = "runtimes/linux-x64/native";

    /// <summary>The compat library the patched copy needs.</summary>
    public const string CompatLibrary = "libtrainer_glibcxx_compat.so";

    /// <summary>The libstdc++ version TorchSharp 0.107 asks for, which GCC 13's library is the first to have.</summary>
    public const string NeededVersion = "GLIBCXX_3.4.32";

    /// <summary>Null where the step patches TorchSharp here; otherwise why it does nothing.</summary>
    public static string? WhyNothingIsPatched =>
        !OperatingSystem.IsLinux() || !File.Exists(SystemLibstdcxx) ? $"not Linux x64 with {SystemLibstdcxx}: nothing is patched"
        : Contains(File.ReadAllBytes(SystemLibstdcxx), NeededVersion) ? $"the system libstdc++ has {NeededVersion}: the package's library loads as it is"
        : null;

    /// <summary>Whether this libLibTorchSharp.so is the patched copy (it names the compat library as needed).</summary>
    public static bool IsPatched(string libLibTorchSharp) => Contains(File.ReadAllBytes(libLibTorchSharp), CompatLibrary);

    private static bool Contains(byte[] file, string text) => file.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text)) >= 0;
}
