using Microsoft.Extensions.DependencyInjection;
using Training.Optim;
using Training.Schedulers;

namespace Training.Core;

/// <summary>The built-in registries, for a Trainer constructed without a service provider.</summary>
internal static class DefaultRegistries
{
    private static readonly Lazy<IServiceProvider> Provider = new(() =>
        new ServiceCollection().AddBuiltInOptimizers().AddIntegrationOptimizers().AddBuiltInSchedulers().BuildServiceProvider());

    public static IOptimizerRegistry Optimizers => Provider.Value.GetRequiredService<IOptimizerRegistry>();

    public static ISchedulerRegistry Schedulers => Provider.Value.GetRequiredService<ISchedulerRegistry>();
}
