namespace Training.Schedulers;

/// <summary>
/// Cerebras' CosineDecayLR / CosineDecayWD: <c>end + (initial − end)·½(1 + cos(π·min(t, T)/T))</c>, T =
/// <c>total_iters</c>; it stays at <c>end</c> after T.
/// </summary>
/// <param name="InitialValue">The value at step 0.</param>
/// <param name="End">The value from <paramref name="TotalIters"/> on.</param>
/// <param name="TotalIters">The decay length (positive).</param>
public sealed record CosineDecaySchedule(double InitialValue, double End, long TotalIters) : IInitialValueSchedule
{
    /// <summary>The decay length (positive).</summary>
    public long TotalIters { get; } = ScheduleChecks.Positive(TotalIters, "total_iters");

    /// <inheritdoc/>
    public double ValueAt(long step) => CosineCurve.Anneal(InitialValue, End, Math.Min(step, TotalIters), TotalIters);
}
