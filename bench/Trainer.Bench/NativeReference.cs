namespace Training.Bench;

/// <summary>
/// The libtorch C++ side: builds bench/native (CMake, into artifacts/bench-native) when needed, runs
/// op_overhead with the same workload and thread count, and parses what it prints.
/// </summary>
internal static class NativeReference
{
    private const string Side = "libtorch C++";

    public static ReferenceResult Run(Workload workload, int threads)
    {
        var source = Repository.PathOf("bench", "native");
        var build = Repository.PathOf("artifacts", "bench-native");
        var executable = Path.Combine(build, "op_overhead");

        if (!File.Exists(Path.Combine(build, "CMakeCache.txt")))
        {
            var configure = ExternalProcess.Run("cmake", ["-S", source, "-B", build, "-DCMAKE_BUILD_TYPE=Release"], Repository.Root);
            if (!configure.Succeeded) return ReferenceResult.Unavailable(Side, $"cmake configure failed:\n{configure.Tail()}");
        }

        // Incremental: a no-op when op_overhead.cpp has not changed.
        var compile = ExternalProcess.Run("cmake", ["--build", build], Repository.Root);
        if (!compile.Succeeded) return ReferenceResult.Unavailable(Side, $"cmake --build failed:\n{compile.Tail()}");

        var run = ExternalProcess.Run(executable, workload.ReferenceArguments(threads), Repository.Root);
        return run.Succeeded
            ? ReferenceResult.Parse(Side, run.Output, Path.GetRelativePath(Repository.Root, executable))
            : ReferenceResult.Unavailable(Side, $"{executable} failed (exit {run.ExitCode}):\n{run.Tail()}");
    }
}
