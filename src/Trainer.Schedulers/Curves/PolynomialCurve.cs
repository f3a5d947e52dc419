namespace Training.Schedulers;

/// <summary>
/// Polynomial decay, <c>(1 − elapsed/period)^power</c>, the shape shared by PyTorch's <c>PolynomialLR</c>
/// (<c>base·(1 − min(t, total_iters)/total_iters)^power</c>), Cerebras' <c>PolynomialLR</c>/<c>LinearLR</c>
/// (<c>end + (initial − end)·(1 − t/T)^power</c>; see <c>reference/cerebras.md</c>) and Transformers'
/// <c>get_polynomial_decay_schedule_with_warmup</c> (<c>(lr_init − lr_end)·(1 − (s − W)/(N − W))^power + lr_end</c>;
/// see <c>reference/hf_trainer.md</c> §4 "Schedules"). The front ends decide the clamping and the period.
/// </summary>
internal static class PolynomialCurve
{
    /// <summary><c>(1 − elapsed/period)^power</c>, the division in doubles as Python's true division.</summary>
    public static double Remaining(long elapsed, long period, double power) => Math.Pow(1.0 - (double)elapsed / period, power);

    /// <summary>
    /// <c>to + (from − to)·Remaining</c>: <paramref name="from"/> at 0, <paramref name="to"/> at
    /// <paramref name="period"/>. (Transformers writes the sum the other way round; IEEE addition is commutative.)
    /// </summary>
    public static double Decay(double from, double to, long elapsed, long period, double power) =>
        to + (from - to) * Remaining(elapsed, period, power);
}
