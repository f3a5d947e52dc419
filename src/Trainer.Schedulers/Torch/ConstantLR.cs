using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.ConstantLR: <c>base · factor</c> for t &lt; <paramref name="total_iters"/>, then
    /// <c>base</c>.
    /// </summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="factor">The multiplier until the milestone, in [0, 1].</param>
    /// <param name="total_iters">Steps during which the lr is reduced.</param>
    public static ScheduledValue ConstantLR(Optimizer optimizer, double factor = 1.0 / 3, long total_iters = 5)
    {
        if (factor > 1.0 || factor < 0)
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Constant multiplicative factor expected to be between 0 and 1.");
        // PyTorch's closed form: factor + (t >= total_iters)·(1 − factor).
        return Multiplying("ConstantLR", optimizer, t => factor + (t >= total_iters ? 1 - factor : 0.0));
    }
}
