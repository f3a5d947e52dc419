namespace Training.Torch.Tests.Core;

public class RuntimeTests
{
    [Test]
    public void UsesEveryCoreByDefault()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_NUM_THREADS")))
            Assert.Ignore("OMP_NUM_THREADS overrides the default on purpose");
        Assert.That(get_num_threads(), Is.EqualTo(Environment.ProcessorCount));
    }

    [Test]
    public void ReportsTheBlasInUseAndTheLibtorchVersion()
    {
        TorchRuntime.EnsureLoaded();
        Assert.That(TorchRuntime.TorchVersion, Does.StartWith("1.13"));
        Assert.That(TorchRuntime.BlasLibrary, Does.Contain("blas"));
        // build.sh installs OpenBLAS; with Debian's reference BLAS training would be ~35x slower.
        Assert.That(TorchRuntime.IsReferenceBlas, Is.False, $"reference BLAS active: {TorchRuntime.BlasLibrary}");
    }

    [Test]
    public void ThreadCountIsSettable()
    {
        var before = get_num_threads();
        try
        {
            set_num_threads(1);
            Assert.That(get_num_threads(), Is.EqualTo(1));
            Assert.Throws<TorchException>(() => set_num_threads(0));
        }
        finally
        {
            set_num_threads(before);
        }
    }
}

public class NativeLoaderTests
{
    [Test]
    public void AMissingLibtorchProducesOneMessageWithTheInstallCommand()
    {
        // The exact text glibc's loader produces when libtorch is not installed.
        var message = Native.NativeLibraryLoader.DescribeLoadFailure("/app/libtrainer_native.so",
            "libtorch_cpu.so.1.13: cannot open shared object file: No such file or directory");
        Assert.That(message, Does.StartWith("libtorch 1.13 is not installed"));
        Assert.That(message, Does.Contain("apt-get install -y libtorch-dev libopenblas0-openmp"));
        Assert.That(message, Does.Contain("cannot open shared object file"));
    }

    [Test]
    public void TheShimIsFoundNextToTheApplication()
    {
        var candidates = Native.NativeLibraryLoader.CandidatePaths();
        Assert.That(candidates, Does.Contain(Path.Combine(AppContext.BaseDirectory, "libtrainer_native.so")));
        Assert.That(File.Exists(Path.Combine(AppContext.BaseDirectory, "libtrainer_native.so")), Is.True,
            "a project referencing Trainer.Torch gets the shim copied to its output");
    }
}
