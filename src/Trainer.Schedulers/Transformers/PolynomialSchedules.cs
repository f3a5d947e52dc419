namespace Training.Schedulers;

/// <summary>Transformers' polynomial decay with warm-up, as a multiplier of each group's initial learning rate.</summary>
public static class PolynomialSchedules
{
    /// <summary>
    /// <c>polynomial</c>: warm-up s / max(1, W); after N, lr_end / lr_init; else
    /// ((lr_init − lr_end)·(1 − (s − W)/(N − W))^power + lr_end) / lr_init. <paramref name="lrInit"/> is the
    /// optimizer's default lr (the same for every group, so groups with another lr end at another fraction).
    /// Requires lr_init &gt; lr_end. As upstream, N = W divides by zero at s = W (a <see cref="DivideByZeroException"/>
    /// rather than a NaN written into the optimizer).
    /// </summary>
    public static ISchedule PolynomialDecay(long warmup, long training, double lrEnd, double power, double lrInit)
    {
        if (!(lrInit > lrEnd))
            throw new ArgumentOutOfRangeException("lr_end", lrEnd, $"lr_end ({PyMath.Repr(lrEnd)}) must be smaller than initial lr ({PyMath.Repr(lrInit)})");
        return Schedule.From(s =>
        {
            if (s > training) return lrEnd / lrInit;
            var decaySteps = training - warmup;
            if (decaySteps == 0)
                throw new DivideByZeroException($"polynomial schedule: num_training_steps equals num_warmup_steps ({warmup}), so the decay at step {s} divides by zero");
            return PolynomialCurve.Decay(lrInit, lrEnd, s - warmup, decaySteps, power) / lrInit;
        }).WithLinearWarmup(warmup);
    }
}
