namespace Training.Core;

/// <summary>
/// Batches of a map-style dataset. With shuffling, each epoch's order is a pure function of (seed, epoch), so a
/// resumed run rebuilds exactly the order of the interrupted one and skips the batches already seen. Batches are
/// created lazily and owned by the caller (the training loop disposes each one).
/// </summary>
public sealed class DataLoader(IDataset dataset, IDataCollator collator, int batchSize, bool shuffle = false, int seed = 0, bool dropLast = false)
{
    /// <summary>The dataset.</summary>
    public IDataset Dataset { get; } = dataset ?? throw new ArgumentNullException(nameof(dataset));

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; } = batchSize > 0 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => dropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>The example order of an epoch.</summary>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, Dataset.Count).ToArray();
        if (!shuffle) return order;
        // A dedicated stream per (seed, epoch), independent of how many epochs came before. Random(int) is the
        // seeded legacy generator: the same sequence in every process (HashCode would differ per process).
        new Random(unchecked(seed * 1_000_003 + epoch * 7919 + 17)).Shuffle(order);
        return order;
    }

    /// <summary>The batches of <paramref name="epoch"/>, starting after the first <paramref name="skipBatches"/>.</summary>
    public IEnumerable<Batch> Epoch(int epoch, int skipBatches = 0)
    {
        var order = Order(epoch);
        for (var b = skipBatches; b < BatchesPerEpoch; b++)
        {
            var start = b * BatchSize;
            var count = Math.Min(BatchSize, order.Length - start);
            yield return collator.Collate(Dataset, new ArraySegment<int>(order, start, count));
        }
    }
}
