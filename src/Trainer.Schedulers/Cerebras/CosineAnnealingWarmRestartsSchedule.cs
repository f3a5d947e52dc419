namespace Training.Schedulers;

/// <summary>
/// CosineAnnealingWarmRestarts(WD) with PyTorch's semantics (SGDR):
/// <c>eta_min + (initial − eta_min)·(1 + cos(π·T_cur/T_i))/2</c>, where the first period lasts <c>T_0</c> steps,
/// each later one <c>T_mult</c> times the previous, and T_cur counts the steps since the last restart.
/// </summary>
/// <remarks>
/// Cerebras has a bug here: from t = T_0 on it uses T_cur = ⌊t/T_0⌋·T_0 − T_0 (the value then alternates between
/// flat <c>initial</c> and flat <c>eta_min</c> periods) and it only accepts T_mult = 1; we implement the intended
/// semantics, PyTorch's restart (t mod T_0 for T_mult = 1) with any integer T_mult ≥ 1.
/// </remarks>
/// <param name="InitialValue">The value right after each restart.</param>
/// <param name="T0">The length of the first period (positive).</param>
/// <param name="TMult">The growth factor of the period after each restart (at least 1).</param>
/// <param name="EtaMin">The minimum approached at the end of each period.</param>
public sealed record CosineAnnealingWarmRestartsSchedule(double InitialValue, long T0, long TMult = 1, double EtaMin = 0.0) : IInitialValueSchedule
{
    /// <summary>The length of the first period (positive).</summary>
    public long T0 { get; } = ScheduleChecks.Positive(T0, "T_0");

    /// <summary>The growth factor of the period after each restart (at least 1).</summary>
    public long TMult { get; } = TMult >= 1 ? TMult : throw new ArgumentOutOfRangeException("T_mult", TMult, "T_mult must be an integer >= 1");

    /// <inheritdoc/>
    public double ValueAt(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return WarmRestartsCurve.ValueAt(step, InitialValue, EtaMin, T0, TMult);
    }

    /// <summary>Steps since the last restart (T_cur) and the length of the current period (T_i).</summary>
    public (long Current, long Period) Position(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return WarmRestartsCurve.Position(step, T0, TMult);
    }
}
