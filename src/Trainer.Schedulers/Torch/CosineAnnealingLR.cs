using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.CosineAnnealingLR:
    /// <c>eta_min + (base − eta_min)·(1 + cos(π·t / T_max)) / 2</c>. Like PyTorch's, it does not stop at
    /// <paramref name="T_max"/>: the cosine is periodic, rising back to base at 2·T_max.
    /// </summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="T_max">Steps from base down to <paramref name="eta_min"/> (positive).</param>
    /// <param name="eta_min">The minimum learning rate (absolute, the same for every group).</param>
    public static ScheduledValue CosineAnnealingLR(Optimizer optimizer, long T_max, double eta_min = 0)
    {
        RequirePositive(T_max, nameof(T_max));
        return new ScheduledValue("CosineAnnealingLR", optimizer, "lr",
            (_, initial) => Schedule.From(t => CosineCurve.Anneal(initial, eta_min, t, T_max)));
    }
}
