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

    /// <summary>The phases as PyTorch computes them: end step (a float: pT−1 [, 2pT−2], T−1), start and end values.</summary>
    private (double End, double From, double To)[] Phases()
    {
        var min = InitialValue / FinalDivFactor;
        return ThreePhase
            ? [(PctStart * TotalSteps - 1, InitialValue, MaxValue), (2 * PctStart * TotalSteps - 2, MaxValue, InitialValue), (TotalSteps - 1, InitialValue, min)]
            : [(PctStart * TotalSteps - 1, InitialValue, MaxValue), (TotalSteps - 1, MaxValue, min)];
    }

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        var phases = Phases();
        if (step >= TotalSteps) return phases[^1].To;
        var phaseStart = 0.0;
        var i = 0;
        // Phase i covers (end of phase i−1, its own end]; the last phase takes everything up to total_steps − 1.
        while (i < phases.Length - 1 && step > phases[i].End) phaseStart = phases[i++].End;
        var (end, from, to) = phases[i];
        var pct = (step - phaseStart) / (end - phaseStart);
        return AnnealStrategy == "cos" ? to + (from - to) / 2.0 * (Math.Cos(Math.PI * pct) + 1) : (to - from) * pct + from;
    }
}
