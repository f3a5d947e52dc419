using Training.Optim;

namespace Training.Integrations;

/// <summary>The registry entries of the BitsAndBytes family (Transformers' <c>optim</c> names).</summary>
public static class BitsAndBytesEntries
{
    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } = [];
}
