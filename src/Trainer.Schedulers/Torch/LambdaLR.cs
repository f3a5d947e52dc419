using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>torch.optim.lr_scheduler.LambdaLR: <c>base · lr_lambda(t)</c>, the same function for every group.</summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="lr_lambda">The multiplier as a function of the step.</param>
    public static ScheduledValue LambdaLR(Optimizer optimizer, Func<long, double> lr_lambda)
    {
        ArgumentNullException.ThrowIfNull(lr_lambda);
        return Multiplying("LambdaLR", optimizer, lr_lambda);
    }

    /// <summary>torch.optim.lr_scheduler.LambdaLR: <c>base_g · lr_lambda[g](t)</c>, one function per group.</summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="lr_lambda">One multiplier function per parameter group.</param>
    public static ScheduledValue LambdaLR(Optimizer optimizer, IReadOnlyList<Func<long, double>> lr_lambda)
    {
        var lambdas = LambdaPerGroup(optimizer, lr_lambda);
        return new ScheduledValue("LambdaLR", optimizer, "lr",
            PerGroup(optimizer, (g, initial) => Schedule.From(t => initial * lambdas[g](t))));
    }

    /// <summary>PyTorch's check of a per-group list of lambdas: "Expected {groups} lr_lambdas, but got {count}".</summary>
    private static IReadOnlyList<Func<long, double>> LambdaPerGroup(Optimizer optimizer, IReadOnlyList<Func<long, double>> lr_lambda)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(lr_lambda);
        if (lr_lambda.Count != optimizer.ParamGroups.Count)
            throw new ArgumentException($"Expected {optimizer.ParamGroups.Count} lr_lambdas, but got {lr_lambda.Count}", nameof(lr_lambda));
        if (lr_lambda.Any(f => f is null)) throw new ArgumentNullException(nameof(lr_lambda), "lr_lambda contains a null function");
        return lr_lambda.ToArray();
    }
}
