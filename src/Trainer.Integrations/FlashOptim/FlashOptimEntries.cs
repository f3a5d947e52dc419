using Training.Optim;

namespace Training.Integrations;

/// <summary>The registry entries of the FlashOptim family (Transformers' <c>optim</c> names).</summary>
public static class FlashOptimEntries
{
    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } = [];
}
