namespace Training.Schedulers;

/// <summary>
/// The phases of PyTorch's OneCycleLR over three anchor values: start → peak → end (two phases), or
/// start → peak → start → end (three phases). The lr uses (initial_lr, max_lr, min_lr); momentum uses
/// (max_momentum, base_momentum, max_momentum), which yields PyTorch's momentum phases in both layouts.
/// </summary>
internal sealed class OneCyclePhases
{
    private enum Anchor
    {
        Start,
        Peak,
        End,
    }

    private readonly (double EndStep, Anchor From, Anchor To)[] phases;
    private readonly long totalSteps;
    private readonly AnnealStrategy strategy;

    public OneCyclePhases(long totalSteps, double pctStart, bool threePhase, AnnealStrategy strategy)
    {
        this.totalSteps = totalSteps;
        this.strategy = strategy;
        // Phase ends exactly as PyTorch computes them (float(pct_start · total) − 1, ...).
        var rise = pctStart * totalSteps - 1;
        phases = threePhase
            ? [(rise, Anchor.Start, Anchor.Peak), (2 * pctStart * totalSteps - 2, Anchor.Peak, Anchor.Start), (totalSteps - 1, Anchor.Start, Anchor.End)]
            : [(rise, Anchor.Start, Anchor.Peak), (totalSteps - 1, Anchor.Peak, Anchor.End)];
    }

    /// <summary>The schedule through the phases for one group's anchor values.</summary>
    public ISchedule Through(double start, double peak, double end) =>
        Schedule.From(t => ValueAt(t, [start, peak, end]));

    private double ValueAt(long t, double[] anchors)
    {
        // PyTorch evaluates step total_steps (one past the last, extrapolating) and fails after it.
        if (t > totalSteps)
            throw new InvalidOperationException($"Tried to step {t + 1} times. The specified number of total steps is {totalSteps}");
        var startStep = 0.0;
        for (var i = 0; i < phases.Length; i++)
        {
            var (endStep, from, to) = phases[i];
            if (t <= endStep || i == phases.Length - 1)
            {
                // A zero-length phase (pct_start · total_steps = 1) is a division by zero in PyTorch; its end value is meant.
                var pct = endStep == startStep ? 1.0 : (t - startStep) / (endStep - startStep);
                return Anneal(anchors[(int)from], anchors[(int)to], pct);
            }

            startStep = endStep;
        }

        throw new InvalidOperationException("unreachable: the last phase always applies");
    }

    private double Anneal(double start, double end, double pct) => strategy == AnnealStrategy.Cos
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;
}
