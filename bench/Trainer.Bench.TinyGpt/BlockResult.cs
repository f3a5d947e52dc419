namespace Training.Bench.TinyGpt;

/// <summary>What one variant reports for a block of consecutive training steps.</summary>
/// <param name="Steps">Steps in the block.</param>
/// <param name="Seconds">Wall-clock time of the whole block.</param>
/// <param name="CpuSeconds">CPU time the process used during the block (all its threads).</param>
/// <param name="PhaseSeconds">Time per phase (<see cref="Phases"/>), summed over the block.</param>
/// <param name="Losses">The loss of every step.</param>
/// <param name="TensorsPerStep">Native tensors created per step (C# only; NaN when not counted).</param>
internal sealed record BlockResult(int Steps, double Seconds, double CpuSeconds, IReadOnlyDictionary<string, double> PhaseSeconds,
    IReadOnlyList<double> Losses, double TensorsPerStep)
{
    /// <summary>The phases of a step, in order; bench/python/tinygpt.py uses the same names.</summary>
    public static readonly string[] Phases = ["data", "forward", "backward", "clip", "step", "zero_grad"];
}

/// <summary>A way of training TinyGpt whose throughput is measured.</summary>
internal interface ITrainingVariant
{
    /// <summary>The name in the table.</summary>
    string Name { get; }

    /// <summary>Runs <paramref name="steps"/> training steps.</summary>
    BlockResult Train(int steps);
}
