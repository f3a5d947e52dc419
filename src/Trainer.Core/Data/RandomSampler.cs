namespace Training.Core;

/// <summary>A shuffled order per epoch, a pure function of (seed, epoch) (PyTorch's <c>RandomSampler</c>).</summary>
/// <param name="count">The number of examples.</param>
/// <param name="seed">The data seed.</param>
public sealed class RandomSampler(int count, int seed) : ISampler
{
    private readonly int count = count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "count must be >= 0");

    /// <inheritdoc/>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        // A dedicated stream per (seed, epoch), independent of how many epochs came before. Random(int) is the
        // seeded legacy generator: the same sequence in every process (HashCode would differ per process).
        new Random(unchecked(seed * 1_000_003 + epoch * 7919 + 17)).Shuffle(order);
        return order;
    }
}
