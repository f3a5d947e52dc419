namespace Training.Schedulers;

/// <summary>
/// Transformers' constant and linear schedules as multipliers of each group's initial learning rate
/// (<c>optimization.py</c>): W = warm-up steps, N = training steps, s = step.
/// </summary>
public static class LinearSchedules
{
    /// <summary><c>constant</c>: 1.</summary>
    public static ISchedule Constant() => Schedule.Constant(1.0);

    /// <summary><c>constant_with_warmup</c>: s / max(1, W) during warm-up, then 1.</summary>
    public static ISchedule ConstantWithWarmup(long warmup) => Schedule.Constant(1.0).WithLinearWarmup(warmup);

    /// <summary><c>linear</c>: warm-up, then max(0, (N − s) / max(1, N − W)) (clamped at 0 after N).</summary>
    public static ISchedule Linear(long warmup, long training) =>
        Schedule.From(s => PyMath.Max(0.0, (double)(training - s) / Math.Max(1, training - warmup))).WithLinearWarmup(warmup);
}
