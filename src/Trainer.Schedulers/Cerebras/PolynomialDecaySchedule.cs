namespace Training.Schedulers;

/// <summary>
/// Cerebras' PolynomialLR / PolynomialWD (LinearLR / LinearWD are the case <c>power = 1</c>):
/// <c>end + (initial − end)·(1 − t/D)^power</c> with D = <c>total_iters</c>, clamped to <c>end</c> from
/// t = <c>total_iters</c> on.
/// </summary>
/// <remarks>
/// With <c>cycle</c>, Cerebras has a bug here (the t ≥ total_iters clamp runs first, so the flag does nothing);
/// we implement the intended semantics, TensorFlow's polynomial decay: the decay period D becomes the next
/// multiple of <c>total_iters</c> at or above t (D = total_iters at t = 0), so the decay restarts from a lower
/// peak each period.
/// </remarks>
/// <param name="InitialValue">The value at step 0.</param>
/// <param name="End">The value reached at <paramref name="TotalIters"/>.</param>
/// <param name="TotalIters">The decay length (positive).</param>
/// <param name="Power">The polynomial power (1 = linear).</param>
/// <param name="Cycle">Restart the decay every <paramref name="TotalIters"/> steps (TensorFlow semantics).</param>
public sealed record PolynomialDecaySchedule(double InitialValue, double End, long TotalIters, double Power = 1.0, bool Cycle = false)
    : IInitialValueSchedule
{
    /// <summary>The decay length (positive).</summary>
    public long TotalIters { get; } = ScheduleChecks.Positive(TotalIters, "total_iters");

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        long period;
        if (Cycle)
        {
            // ceil(t / T) periods, at least one (TensorFlow uses 1 at t = 0).
            period = TotalIters * Math.Max(1, (step + TotalIters - 1) / TotalIters);
        }
        else
        {
            if (step >= TotalIters) return End;
            period = TotalIters;
        }

        return PolynomialCurve.Decay(InitialValue, End, step, period, Power);
    }
}
