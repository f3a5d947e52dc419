namespace Training.Bench;

/// <summary>How much each side runs: the same numbers are passed to the C++ and Python programs.</summary>
internal sealed record Workload(long Iterations, long LargeIterations, int Repetitions, TimeSpan MinimumWarmup)
{
    /// <summary>The full run used for the figures in bench/README.md.</summary>
    public static Workload Full { get; } = new(200_000, 10, 11, TimeSpan.FromSeconds(1));

    /// <summary>A smoke run for CI: a few seconds per side, noisy figures.</summary>
    public static Workload Quick { get; } = new(20_000, 2, 3, TimeSpan.FromMilliseconds(200));

    /// <summary>Ops per timed repetition of <paramref name="operation"/>.</summary>
    public long IterationsOf(Operation operation) => operation.Large ? LargeIterations : Iterations;

    /// <summary>The command-line arguments of bench/native/op_overhead and bench/python/op_overhead.py.</summary>
    public IReadOnlyList<string> ReferenceArguments(int threads) =>
    [
        "--iterations", Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--big-iterations", LargeIterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--repetitions", Repetitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];
}
