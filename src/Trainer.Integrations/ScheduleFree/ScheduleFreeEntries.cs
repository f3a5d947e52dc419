using Training.Optim;

namespace Training.Integrations;

/// <summary>The registry entries of the ScheduleFree family (Transformers' <c>optim</c> names).</summary>
public static class ScheduleFreeEntries
{
    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } = [];
}
