using Training.Optim;

namespace Training.Integrations;

/// <summary>The registry entries of the GrokAdamW family (Transformers' <c>optim</c> names).</summary>
public static class GrokAdamWEntries
{
    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } = [];
}
