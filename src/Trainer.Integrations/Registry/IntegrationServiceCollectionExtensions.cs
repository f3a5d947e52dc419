using Microsoft.Extensions.DependencyInjection.Extensions;
using Training.Integrations;
using Training.Optim;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the integration optimizers (the same namespace as the framework's other DI extensions).</summary>
public static class IntegrationServiceCollectionExtensions
{
    /// <summary>
    /// Registers every integration optimizer under its Transformers name (GaLore, APOLLO, LOMO/AdaLomo, Schedule-Free,
    /// StableAdamW, GrokAdamW, FlashOptim, bitsandbytes-style 8-bit AdamW/Lion). <c>AddTrainer</c> calls this.
    /// </summary>
    public static IServiceCollection AddIntegrationOptimizers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var descriptor in IntegrationOptimizers.All) services.AddSingleton(descriptor);
        services.TryAddSingleton<IOptimizerRegistry, OptimizerRegistry>();
        return services;
    }
}
