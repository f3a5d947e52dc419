using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.MultiplicativeLR: <c>base · Π_{k=1..t} lr_lambda(k)</c> (PyTorch multiplies the
    /// current lr by <c>lr_lambda(t)</c> at every step after the first), the same function for every group.
    /// </summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="lr_lambda">The factor applied at step t.</param>
    public static ScheduledValue MultiplicativeLR(Optimizer optimizer, Func<long, double> lr_lambda)
    {
        ArgumentNullException.ThrowIfNull(lr_lambda);
        return new ScheduledValue("MultiplicativeLR", optimizer, "lr", (_, initial) => new RunningProduct(initial, lr_lambda));
    }

    /// <summary>torch.optim.lr_scheduler.MultiplicativeLR with one factor function per group.</summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="lr_lambda">One factor function per parameter group.</param>
    public static ScheduledValue MultiplicativeLR(Optimizer optimizer, IReadOnlyList<Func<long, double>> lr_lambda)
    {
        var lambdas = LambdaPerGroup(optimizer, lr_lambda);
        return new ScheduledValue("MultiplicativeLR", optimizer, "lr",
            PerGroup(optimizer, (g, initial) => new RunningProduct(initial, lambdas[g])));
    }

    /// <summary>
    /// <c>start · f(1) · f(2) ⋯ f(t)</c>, multiplied in PyTorch's order. Still a pure function of t: the last
    /// product is memoised so stepping forward costs one multiplication, and an earlier step recomputes from 0.
    /// </summary>
    private sealed class RunningProduct(double start, Func<long, double> factor) : ISchedule
    {
        private readonly Lock gate = new();
        private long step;
        private double value = double.NaN;

        public double ValueAt(long t)
        {
            lock (gate)
            {
                if (t < step || step == 0)
                {
                    step = 0;
                    value = start;
                }

                for (; step < t; step++) value *= factor(step + 1);
                return value;
            }
        }
    }
}
