namespace Training.Schedulers;

/// <summary>
/// Cerebras' ExponentialLR / ExponentialWD: <c>initial · decay_rate^(t / total_iters)</c> (exponent floored with
/// <c>staircase</c>). <c>total_iters</c> is the decay period (Keras' <c>decay_steps</c>), so the value keeps
/// decaying past it; this equals PyTorch's ExponentialLR with γ = decay_rate^(1/total_iters).
/// </summary>
/// <param name="InitialValue">The value at step 0.</param>
/// <param name="TotalIters">The number of steps over which the value is multiplied by <paramref name="DecayRate"/> (positive).</param>
/// <param name="DecayRate">The factor per <paramref name="TotalIters"/> steps.</param>
/// <param name="Staircase">Decay in whole periods only.</param>
public sealed record ExponentialDecaySchedule(double InitialValue, long TotalIters, double DecayRate, bool Staircase = false) : IInitialValueSchedule
{
    /// <summary>The decay period (positive).</summary>
    public long TotalIters { get; } = ScheduleChecks.Positive(TotalIters, "total_iters");

    /// <inheritdoc/>
    public double ValueAt(long step) =>
        InitialValue * Math.Pow(DecayRate, Staircase ? step / TotalIters : (double)step / TotalIters);
}
