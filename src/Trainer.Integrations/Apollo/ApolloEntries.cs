using Training.Optim;

namespace Training.Integrations;

/// <summary>The registry entries of the Apollo family (Transformers' <c>optim</c> names).</summary>
public static class ApolloEntries
{
    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } = [];
}
