namespace Training.Schedulers;

/// <summary>
/// Cerebras' CyclicLR / CyclicWD, PyTorch's CyclicLR closed form (no momentum cycling): a triangle between
/// <c>base</c> and <c>max</c> rising for <c>step_size_up</c> steps and falling for <c>step_size_down</c>
/// (default: as many), its amplitude scaled by 1 (<c>triangular</c>), 1/2^(cycle−1) (<c>triangular2</c>) or
/// gamma^t (<c>exp_range</c>). Defaults are PyTorch's and Cerebras'.
/// </summary>
/// <remarks>Cerebras treats any unknown mode as exp_range; as PyTorch does, an unknown mode is an error here.</remarks>
/// <param name="BaseValue">The lower bound of the cycle.</param>
/// <param name="MaxValue">The upper bound of the first cycle.</param>
/// <param name="StepSizeUp">Steps rising (positive).</param>
/// <param name="StepSizeDown">Steps falling (null: as many as rising).</param>
/// <param name="Mode">triangular, triangular2 or exp_range.</param>
/// <param name="Gamma">The per-step amplitude factor of exp_range.</param>
public sealed record CyclicSchedule(double BaseValue, double MaxValue, double StepSizeUp = 2000, double? StepSizeDown = null,
    string Mode = "triangular", double Gamma = 1.0) : ISchedule
{
    /// <summary>The modes PyTorch and Cerebras offer.</summary>
    public static IReadOnlyList<string> Modes => CyclicCurve.ModeNames;

    /// <summary>Steps rising (positive).</summary>
    public double StepSizeUp { get; } = ScheduleChecks.Positive(StepSizeUp, "step_size_up");

    /// <summary>Steps falling.</summary>
    public double? StepSizeDown { get; } = StepSizeDown is < 0 ? throw new ArgumentOutOfRangeException("step_size_down", StepSizeDown, "must not be negative") : StepSizeDown;

    /// <summary>triangular, triangular2 or exp_range.</summary>
    public string Mode { get; } = Modes.Contains(Mode) ? Mode : throw new ArgumentException($"mode must be one of {string.Join(", ", Modes)}, got '{Mode}'", "mode");

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        var mode = CyclicCurve.Modes[Mode];
        return BaseValue + CyclicCurve.Excursion(step, MaxValue - BaseValue, StepSizeUp, StepSizeDown ?? StepSizeUp,
            (cycle, t) => CyclicCurve.Scale(mode, Gamma, cycle, t));
    }
}
