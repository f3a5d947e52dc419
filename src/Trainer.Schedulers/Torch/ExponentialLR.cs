using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>torch.optim.lr_scheduler.ExponentialLR: <c>base · gamma^t</c>.</summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="gamma">Multiplicative factor per step.</param>
    public static ScheduledValue ExponentialLR(Optimizer optimizer, double gamma) =>
        Multiplying("ExponentialLR", optimizer, t => Math.Pow(gamma, t));
}
