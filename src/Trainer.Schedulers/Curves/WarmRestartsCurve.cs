namespace Training.Schedulers;

/// <summary>
/// SGDR (Loshchilov &amp; Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts"), as PyTorch's
/// <c>CosineAnnealingWarmRestarts</c>: <c>to + (from − to)·(1 + cos(π·T_cur/T_i))/2</c>, where the first period
/// lasts <c>T_0</c> steps, each later one <c>T_mult</c> times the previous, and T_cur counts the steps since the
/// last restart. Shared by the PyTorch front end and Cerebras' <c>CosineAnnealingWarmRestarts(LR|WD)</c> (whose
/// upstream restart arithmetic is broken; see <c>reference/cerebras.md</c>; the intended PyTorch semantics are used).
/// </summary>
internal static class WarmRestartsCurve
{
    /// <summary>The value at <paramref name="step"/>: <see cref="CosineCurve.Anneal"/> over the current period.</summary>
    public static double ValueAt(long step, double from, double to, long first, long growth)
    {
        var (current, period) = Position(step, first, growth);
        return CosineCurve.Anneal(from, to, current, period);
    }

    /// <summary>
    /// (T_cur, T_i) after <paramref name="step"/> steps, exactly as PyTorch's step-by-step update leaves them
    /// (T_cur += 1; on reaching T_i, T_cur −= T_i and T_i *= T_mult). PyTorch's closed form for <c>step(epoch)</c>
    /// takes a floating-point logarithm instead, which can land one period off at exact restart steps when the
    /// logarithm of an exact power rounds down; integer arithmetic cannot.
    /// </summary>
    /// <param name="step">Steps taken (not negative).</param>
    /// <param name="first">T_0, the length of the first period (positive).</param>
    /// <param name="growth">T_mult, the period's growth factor (at least 1).</param>
    public static (long Current, long Period) Position(long step, long first, long growth)
    {
        if (growth == 1) return (step % first, first);
        var period = first;
        while (step >= period)
        {
            step -= period;
            period *= growth;
        }

        return (step, period);
    }
}
