using Microsoft.Extensions.DependencyInjection;
using Training.Optim;
using Training.Schedulers;

namespace Training.Core;

/// <summary>
/// The registries a Trainer built without a service provider uses: the built-in optimizers (Training.Optim) and
/// schedulers (Training.Schedulers), new for each call, so no provider outlives its Trainer or is shared by hiding.
/// </summary>
internal static class BuiltInRegistries
{
    public static IOptimizerRegistry Optimizers() =>
        new ServiceCollection().AddBuiltInOptimizers().BuildServiceProvider().GetRequiredService<IOptimizerRegistry>();

    public static ISchedulerRegistry Schedulers() =>
        new ServiceCollection().AddBuiltInSchedulers().BuildServiceProvider().GetRequiredService<ISchedulerRegistry>();
}
