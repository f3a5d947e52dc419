namespace Training.Schedulers;

/// <summary>
/// Transformers' cosine schedules as multipliers of each group's initial learning rate (<c>optimization.py</c>),
/// with its operation order so the doubles match: W = warm-up steps, N = training steps, s = step, c = number of
/// cycles, m = minimum rate. During warm-up (s &lt; W) all but <see cref="CosineWarmupWithMinLr"/> give s / max(1, W).
/// </summary>
public static class CosineSchedules
{
    /// <summary>
    /// <c>cosine</c>: p = (s − W) / max(1, N − W), max(0, ½·(1 + cos(π·c·2·p))). p is not clamped, so after N
    /// the value rises again, as in Transformers. (Upstream's second definition of the lambda, with a minimum rate
    /// of 0, shadows the first; <see cref="CosineWithMinLr"/> with m = 0 gives the same doubles.)
    /// </summary>
    public static ISchedule Cosine(long warmup, long training, double numCycles = 0.5) =>
        CosineWithMinLr(warmup, training, numCycles, 0.0);

    /// <summary>
    /// <c>cosine_with_restarts</c>: p as in <see cref="Cosine"/>; 0 once p ≥ 1; else
    /// max(0, ½·(1 + cos(π·((c·p) mod 1)))).
    /// </summary>
    public static ISchedule CosineWithHardRestarts(long warmup, long training, double numCycles = 1.0) =>
        Schedule.From(s =>
        {
            var progress = Progress(s, warmup, training);
            if (progress >= 1.0) return 0.0;
            return PyMath.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * PyMath.Mod(numCycles * progress, 1.0))));
        }).WithLinearWarmup(warmup);

    /// <summary>
    /// <c>cosine_with_min_lr</c>: p as in <see cref="Cosine"/>, max(0, f·(1 − m) + m) with f = ½·(1 + cos(π·c·2·p)).
    /// Not clamped after N.
    /// </summary>
    public static ISchedule CosineWithMinLr(long warmup, long training, double numCycles, double minLrRate) =>
        Schedule.From(s => MinLrFactor(Progress(s, warmup, training), numCycles, minLrRate)).WithLinearWarmup(warmup);

    /// <summary>
    /// <c>cosine_warmup_with_min_lr</c>, shifted by one step relative to the others: warm-up gives (s + 1) / max(1, W)
    /// when <paramref name="warmupLrRate"/> (wr) is null, else wr + (1 − wr)·s / max(1, W − 1); then
    /// p = (s − W + 1) / max(1, N − W) and max(0, f·(1 − m) + m), reaching m at s = N − 1. Upstream computes in floats throughout.
    /// </summary>
    public static ISchedule CosineWarmupWithMinLr(long warmup, long training, double numCycles, double minLrRate, double? warmupLrRate = null) =>
        Schedule.From(step =>
        {
            double s = step, w = warmup, n = training;
            if (s < w)
            {
                if (warmupLrRate is not { } wr) return (s + 1.0) / PyMath.Max(1.0, w);
                return wr + (1.0 - wr) * s / PyMath.Max(1, w - 1);
            }

            return MinLrFactor((s - w + 1.0) / PyMath.Max(1.0, n - w), numCycles, minLrRate);
        });

    // float(s - W) / float(max(1, N - W)): the subtraction is exact on integers, as in Python.
    private static double Progress(long step, long warmup, long training) => (double)(step - warmup) / Math.Max(1, training - warmup);

    private static double MinLrFactor(double progress, double numCycles, double minLrRate) =>
        CosineCurve.WithFloor(CosineCurve.Cycles(numCycles, progress), minLrRate);
}
