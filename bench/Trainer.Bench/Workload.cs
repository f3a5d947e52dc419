using System.Globalization;

namespace Training.Bench;

/// <summary>How much each side runs: the same numbers are passed to the Python program and the AdamW child.</summary>
internal sealed record Workload(long Iterations, long LargeIterations, int Repetitions, TimeSpan MinimumWarmup, int AdamWarmup, int AdamSteps)
{
    /// <summary>The full run used for the figures in bench/README.md.</summary>
    public static Workload Full { get; } = new(200_000, 10, 11, TimeSpan.FromSeconds(1), 2, 7);

    /// <summary>A smoke run: a few seconds per side, noisy figures.</summary>
    public static Workload Quick { get; } = new(20_000, 2, 3, TimeSpan.FromMilliseconds(200), 1, 3);

    /// <summary>Ops per timed repetition of <paramref name="operation"/>.</summary>
    public long IterationsOf(Operation operation) => operation.Large ? LargeIterations : Iterations;

    /// <summary>The arguments of bench/python/op_overhead.py's per-op mode.</summary>
    public IReadOnlyList<string> OpArguments(int threads) =>
        ["--iterations", Text(Iterations), "--big-iterations", Text(LargeIterations), "--repetitions", Text(Repetitions), "--threads", Text(threads)];

    /// <summary>The arguments of the AdamW step, for the C# child and op_overhead.py's <c>--adamw</c> mode.</summary>
    public IReadOnlyList<string> AdamArguments => ["--warmup", Text(AdamWarmup), "--steps", Text(AdamSteps)];

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
