using Training.Testing;

namespace Training.TorchExtensions.Tests.Loading;

/// <summary>
/// TorchSharp loads from a fresh build: its first, regular load succeeds (so its fallback loader never copies the
/// unpatched package files into a <c>cpu/</c> folder), and where the system libstdc++ is too old for TorchSharp 0.107
/// (Debian 12, Ubuntu 22.04) the loaded libLibTorchSharp.so is the copy patched at build time
/// (src/Trainer.TorchExtensions/build/TorchSharpCompat.targets).
/// </summary>
public class TorchSharpLoadingTests
{
    private const string CompatLibrary = TorchSharpCompat.CompatLibrary;

    private static string TorchSharpFolder => Path.GetDirectoryName(typeof(torch).Assembly.Location)!;

    [OneTimeSetUp]
    public void LoadTheBackend()
    {
        using var scope = NewDisposeScope();
        RunATensorOperation();
    }

    [Test]
    public void TensorOperationsRun()
    {
        using var scope = NewDisposeScope();
        var product = RunATensorOperation();
        Assert.That(product.ToArray<float>(), Is.EqualTo(new float[] { 17, 39 }));
        Assert.That(product.device_type, Is.EqualTo(DeviceType.CPU));
    }

    [Test]
    public void TheFallbackLoaderDidNotCopyPackageFiles()
    {
        foreach (var folder in new[] { TorchSharpFolder, AppContext.BaseDirectory }.Distinct())
            Assert.That(Directory.Exists(Path.Combine(folder, "cpu")), Is.False,
                $"TorchSharp's first load failed and it consolidated the package's native files into {Path.Combine(folder, "cpu")}");
    }

    [Test]
    public void OnAnOldLibstdcxxThePatchedLibTorchSharpIsLoaded()
    {
        if (TorchSharpCompat.WhyNothingIsPatched is { } reason) Assert.Pass(reason);

        var native = Path.Combine(AppContext.BaseDirectory, TorchSharpCompat.NativeFolder);
        var library = Path.Combine(native, "libLibTorchSharp.so");
        Assert.That(TorchSharpCompat.IsPatched(library), Is.True, $"{library} does not name {CompatLibrary}: it is the unpatched package file");
        Assert.That(File.Exists(Path.Combine(native, CompatLibrary)), Is.True, $"{CompatLibrary} is missing beside {library}");

        // The process's mappings name the file the loader actually used.
        var loaded = File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6).Select(fields => string.Join(' ', fields[5..]))
            .Where(path => path.EndsWith("/libLibTorchSharp.so", StringComparison.Ordinal) || path.EndsWith("/" + CompatLibrary, StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.That(loaded, Is.EqualTo(new[] { library, Path.Combine(native, CompatLibrary) }.Select(Path.GetFullPath).Order(StringComparer.Ordinal)));
    }

    /// <summary>[[1, 2], [3, 4]] @ [5, 6] = [17, 39]: needs libtorch and LibTorchSharp loaded.</summary>
    private static Tensor RunATensorOperation() =>
        tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2).matmul(tensor(new float[] { 5, 6 }));
}
