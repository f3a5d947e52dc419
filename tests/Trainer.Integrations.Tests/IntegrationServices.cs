using Microsoft.Extensions.DependencyInjection;

namespace Training.Integrations.Tests;

/// <summary>
/// The registries a program gets from AddTrainer, without its configuration: built-in and integration optimizers,
/// built-in schedulers. A Trainer built without services knows only the built-ins.
/// </summary>
internal static class IntegrationServices
{
    public static IServiceProvider Provider { get; } =
        new ServiceCollection().AddBuiltInOptimizers().AddIntegrationOptimizers().AddBuiltInSchedulers().BuildServiceProvider();
}
