namespace Training.Schedulers;

/// <summary>
/// Cerebras' InverseExponentialTimeDecayLR / …WD: <c>initial / (1 + decay_rate · a)</c> with
/// a = t^step_exponent / total_iters (floored with <c>staircase</c>); it keeps decaying past <c>total_iters</c>.
/// </summary>
/// <param name="InitialValue">The value at step 0.</param>
/// <param name="StepExponent">The power the step is raised to.</param>
/// <param name="TotalIters">The time scale of the decay (positive).</param>
/// <param name="DecayRate">The decay rate.</param>
/// <param name="Staircase">Floor the decay argument.</param>
public sealed record InverseExponentialTimeDecaySchedule(double InitialValue, double StepExponent, long TotalIters, double DecayRate, bool Staircase = false)
    : IInitialValueSchedule
{
    /// <summary>The time scale of the decay (positive).</summary>
    public long TotalIters { get; } = ScheduleChecks.Positive(TotalIters, "total_iters");

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        var a = Math.Pow(step, StepExponent) / TotalIters;
        return InitialValue / (1 + DecayRate * (Staircase ? Math.Floor(a) : a));
    }
}
