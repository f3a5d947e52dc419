using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.LinearLR: the multiplier goes linearly from <paramref name="start_factor"/> to
    /// <paramref name="end_factor"/> over <paramref name="total_iters"/> steps, then stays there.
    /// </summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="start_factor">The multiplier at step 0, in (0, 1].</param>
    /// <param name="end_factor">The multiplier from step <paramref name="total_iters"/> on, in [0, 1].</param>
    /// <param name="total_iters">Steps of the linear change (positive).</param>
    public static ScheduledValue LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, long total_iters = 5)
    {
        // PyTorch 1.13 accepted start_factor = 0 and then divided by zero in its recursive form on the first step;
        // PyTorch 2 rejects it with this message, which is the intended behaviour.
        if (start_factor > 1.0 || start_factor <= 0)
            throw new ArgumentOutOfRangeException(nameof(start_factor), start_factor,
                "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
        if (end_factor > 1.0 || end_factor < 0)
            throw new ArgumentOutOfRangeException(nameof(end_factor), end_factor, "Ending multiplicative factor expected to be between 0 and 1.");
        RequirePositive(total_iters, nameof(total_iters));
        return Multiplying("LinearLR", optimizer,
            t => start_factor + (end_factor - start_factor) * Math.Min(total_iters, t) / total_iters);
    }
}
