using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.CosineAnnealingWarmRestarts (SGDR): cosine annealing from base to
    /// <paramref name="eta_min"/> over a period T_i that starts at <paramref name="T_0"/> and is multiplied by
    /// <paramref name="T_mult"/> at every restart; the lr jumps back to base at each restart.
    /// </summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="T_0">Steps until the first restart (positive).</param>
    /// <param name="T_mult">Growth factor of the period after each restart (≥ 1).</param>
    /// <param name="eta_min">The minimum learning rate (absolute, the same for every group).</param>
    public static ScheduledValue CosineAnnealingWarmRestarts(Optimizer optimizer, long T_0, long T_mult = 1, double eta_min = 0)
    {
        if (T_0 <= 0) throw new ArgumentOutOfRangeException(nameof(T_0), T_0, $"Expected positive integer T_0, but got {T_0}");
        if (T_mult < 1) throw new ArgumentOutOfRangeException(nameof(T_mult), T_mult, $"Expected integer T_mult >= 1, but got {T_mult}");
        return new ScheduledValue("CosineAnnealingWarmRestarts", optimizer, "lr",
            (_, initial) => Schedule.From(t => WarmRestartsCurve.ValueAt(t, initial, eta_min, T_0, T_mult)));
    }
}
