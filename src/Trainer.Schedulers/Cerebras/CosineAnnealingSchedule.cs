namespace Training.Schedulers;

/// <summary>
/// Cerebras' CosineAnnealingLR / CosineAnnealingWD (PyTorch's closed form):
/// <c>eta_min + (initial − eta_min)·(1 + cos(π t / T_max))/2</c>. Not clamped: past <c>T_max</c> it rises again,
/// as PyTorch's does.
/// </summary>
/// <param name="InitialValue">The value at step 0.</param>
/// <param name="TMax">Half the period (positive).</param>
/// <param name="EtaMin">The minimum, reached at <paramref name="TMax"/>.</param>
public sealed record CosineAnnealingSchedule(double InitialValue, long TMax, double EtaMin = 0.0) : IInitialValueSchedule
{
    /// <summary>Half the period (positive).</summary>
    public long TMax { get; } = ScheduleChecks.Positive(TMax, "T_max");

    /// <inheritdoc/>
    public double ValueAt(long step) => CosineCurve.Anneal(InitialValue, EtaMin, step, TMax);
}
