namespace Training.Core;

/// <summary>The indices in order, every epoch (PyTorch's <c>SequentialSampler</c>; evaluation).</summary>
/// <param name="count">The number of examples.</param>
public sealed class SequentialSampler(int count) : ISampler
{
    private readonly int count = count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0");

    /// <inheritdoc/>
    public int[] Order(int epoch) => Enumerable.Range(0, count).ToArray();
}
