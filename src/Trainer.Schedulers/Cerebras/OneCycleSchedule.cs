namespace Training.Schedulers;

/// <summary>
/// Cerebras' OneCycleLR / OneCycleWD, PyTorch's OneCycleLR closed form on absolute values (no momentum cycling):
/// from <c>initial</c> up to <c>max</c> over the first <c>pct_start</c> of <c>total_steps</c>, then down to
/// <c>initial / final_div_factor</c> (three-phase: back to <c>initial</c> first), annealing by cosine or linearly.
/// Defaults are Cerebras'.
/// </summary>
/// <remarks>
/// Past <c>total_steps − 1</c> Cerebras has a bug here: it extrapolates the last phase (the cosine rises again, the
/// linear ramp goes negative) where PyTorch raises. We implement the intended semantics: the final value is held.
/// A zero-length rise (<c>pct_start · total_steps = 1</c>) gives the peak at step 0, as the PyTorch front end does,
/// where upstream divides 0 by 0. The phases themselves are <see cref="OneCycleCurve"/>'s.
/// </remarks>
/// <param name="InitialValue">The value at step 0.</param>
/// <param name="MaxValue">The peak.</param>
/// <param name="TotalSteps">The length of the cycle (positive).</param>
/// <param name="PctStart">The fraction of the cycle spent rising, in [0, 1].</param>
/// <param name="FinalDivFactor">The final value is <paramref name="InitialValue"/> divided by this.</param>
/// <param name="ThreePhase">Return to <paramref name="InitialValue"/> before the final decay.</param>
/// <param name="AnnealStrategy">"cos" or "linear".</param>
public sealed record OneCycleSchedule(double InitialValue, double MaxValue, long TotalSteps = 1000, double PctStart = 0.3,
    double FinalDivFactor = 1e4, bool ThreePhase = false, string AnnealStrategy = "cos") : IInitialValueSchedule
{
    /// <summary>The length of the cycle (positive).</summary>
    public long TotalSteps { get; } = ScheduleChecks.Positive(TotalSteps, "total_steps");

    /// <summary>The fraction of the cycle spent rising, in [0, 1].</summary>
    public double PctStart { get; } = PctStart is >= 0 and <= 1 ? PctStart : throw new ArgumentOutOfRangeException("pct_start", PctStart, "pct_start must be between 0 and 1");

    /// <summary>"cos" or "linear".</summary>
    public string AnnealStrategy { get; } = AnnealStrategy is "cos" or "linear" ? AnnealStrategy
        : throw new ArgumentException($"anneal_strategy must be 'cos' or 'linear', got '{AnnealStrategy}'", "anneal_strategy");

    /// <inheritdoc/>
    public double ValueAt(long step) => step >= TotalSteps
        ? InitialValue / FinalDivFactor
        : new OneCycleCurve(TotalSteps, PctStart, ThreePhase, AnnealStrategy == "cos" ? Schedulers.AnnealStrategy.Cos : Schedulers.AnnealStrategy.Linear)
            .ValueAt(step, InitialValue, MaxValue, InitialValue / FinalDivFactor);
}
