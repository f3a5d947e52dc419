using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.PolynomialLR: <c>base · (1 − min(t, total_iters) / total_iters)^power</c>, 0 from
    /// <paramref name="total_iters"/> on.
    /// </summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="total_iters">Steps of the decay (positive).</param>
    /// <param name="power">The power of the polynomial.</param>
    public static ScheduledValue PolynomialLR(Optimizer optimizer, long total_iters = 5, double power = 1.0)
    {
        RequirePositive(total_iters, nameof(total_iters));
        return Multiplying("PolynomialLR", optimizer, t => PolynomialCurve.Remaining(Math.Min(total_iters, t), total_iters, power));
    }
}
