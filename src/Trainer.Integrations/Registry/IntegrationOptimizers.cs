using Training.Optim;

namespace Training.Integrations;

/// <summary>
/// Every integration entry: the third-party optimizers Transformers' Trainer builds by <c>optim</c> name, ported
/// natively. Each family lists its own entries (one file per family); this is their union.
/// </summary>
public static class IntegrationOptimizers
{
    /// <summary>Every integration entry, by family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        .. GaLoreEntries.All,
        .. LayerWiseEntries.All,
        .. ApolloEntries.All,
        .. LomoEntries.All,
        .. ScheduleFreeEntries.All,
        .. StableAdamWEntries.All,
        .. GrokAdamWEntries.All,
        .. FlashOptimEntries.All,
        .. BitsAndBytesEntries.All,
    ];
}
