namespace Training.Schedulers;

/// <summary>Transformers' inverse square-root schedule (after big_vision), as a multiplier of each group's initial learning rate.</summary>
public static class InverseSqrtSchedules
{
    /// <summary>
    /// <c>inverse_sqrt</c>: warm-up s / max(1, W), then 1 / sqrt((s + T − W) / T). T = <paramref name="timescale"/>,
    /// or W when null, or 10000 when W is 0 too. The number of training steps is not used.
    /// </summary>
    public static ISchedule InverseSqrt(long warmup, double? timescale = null)
    {
        var t = timescale ?? (warmup != 0 ? warmup : 10_000);
        // Upstream divides by T at the first step after warm-up; failing here names the cause instead.
        if (!(t > 0)) throw new ArgumentOutOfRangeException(nameof(timescale), t, "inverse_sqrt needs a positive timescale");
        var shift = t - warmup;
        return Schedule.From(s => 1.0 / Math.Sqrt((s + shift) / t)).WithLinearWarmup(warmup);
    }
}
