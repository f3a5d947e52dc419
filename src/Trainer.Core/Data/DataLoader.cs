namespace Training.Core;

/// <summary>
/// Batches of a map-style dataset in the order of an <see cref="ISampler"/>. Each epoch's order is a pure function of
/// (seed, epoch), and so is each batch (<see cref="CollationContext"/>), so a resumed run rebuilds exactly the
/// batches of the interrupted one and skips the ones already seen without collating them. Batches are created
/// lazily and owned by the caller (the training loop disposes each one).
/// With <see cref="NumWorkers"/> &gt; 0, worker threads collate the next batches ahead of the consumer, in order;
/// the batches are the same, bit for bit, as with collation on the calling thread.
/// </summary>
public sealed partial class DataLoader
{
    private readonly int numWorkers;
    private readonly int? prefetchFactor;

    /// <summary>A loader in dataset order, or shuffled per (seed, epoch) with <paramref name="shuffle"/>.</summary>
    public DataLoader(IDataset dataset, IDataCollator collator, int batchSize, bool shuffle = false, int seed = 0, bool dropLast = false)
        : this(dataset, collator, batchSize, DefaultSampler(dataset, shuffle, seed), seed, dropLast)
    {
    }

    /// <summary>A loader in the order of <paramref name="sampler"/>.</summary>
    /// <param name="dataset">The examples.</param>
    /// <param name="collator">Builds a batch from examples.</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="sampler">The example order of each epoch.</param>
    /// <param name="seed">The data seed collators receive in their <see cref="CollationContext"/>.</param>
    /// <param name="dropLast">Drop the last incomplete batch of each epoch.</param>
    public DataLoader(IDataset dataset, IDataCollator collator, int batchSize, ISampler sampler, int seed = 0, bool dropLast = false)
    {
        Dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
        Collator = collator ?? throw new ArgumentNullException(nameof(collator));
        BatchSize = batchSize > 0 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        Sampler = sampler ?? throw new ArgumentNullException(nameof(sampler));
        Seed = seed;
        DropLast = dropLast;
    }

    /// <summary>The dataset.</summary>
    public IDataset Dataset { get; }

    /// <summary>The collator.</summary>
    public IDataCollator Collator { get; }

    /// <summary>The example order of each epoch.</summary>
    public ISampler Sampler { get; }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The data seed collators receive.</summary>
    public int Seed { get; }

    /// <summary>Whether the last incomplete batch of each epoch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>
    /// Worker threads that collate batches ahead (PyTorch's <c>num_workers</c>, threads instead of processes);
    /// 0 (default) collates on the thread that enumerates.
    /// </summary>
    public int NumWorkers
    {
        get => numWorkers;
        init => numWorkers = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(NumWorkers), value, "NumWorkers must be >= 0 (0 collates on the training thread)");
    }

    /// <summary>
    /// Batches collated ahead per worker (PyTorch's <c>prefetch_factor</c>): at most
    /// <see cref="NumWorkers"/> × this many batches are in flight. Null means 2 with workers; it needs workers.
    /// </summary>
    public int? PrefetchFactor
    {
        get => prefetchFactor;
        init => prefetchFactor = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(PrefetchFactor), value, "PrefetchFactor must be at least 1");
    }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>The example order of an epoch.</summary>
    public int[] Order(int epoch)
    {
        var order = Sampler.Order(epoch);
        if (order.Length != Dataset.Count)
            throw new InvalidOperationException($"the sampler {Sampler.GetType().Name} ordered {order.Length} examples for epoch {epoch}, but the dataset has {Dataset.Count}");
        return order;
    }

    /// <summary>
    /// The batches of <paramref name="epoch"/>, starting after the first <paramref name="skipBatches"/> (which are
    /// never collated). Disposing the enumerator early stops the workers and disposes every batch collated ahead.
    /// </summary>
    public IEnumerable<Batch> Epoch(int epoch, int skipBatches = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skipBatches);
        if (prefetchFactor is not null && numWorkers == 0)
            throw new InvalidOperationException($"{nameof(PrefetchFactor)} = {prefetchFactor} needs {nameof(NumWorkers)} > 0: without workers nothing is collated ahead");
        var order = Order(epoch);
        var first = Math.Min(skipBatches, BatchesPerEpoch);
        return numWorkers == 0
            ? OnThisThread(order, epoch, first)
            : new BackgroundCollation(i => CollateBatch(order, epoch, i), first, BatchesPerEpoch, numWorkers, numWorkers * (prefetchFactor ?? 2), epoch);
    }

    private IEnumerable<Batch> OnThisThread(int[] order, int epoch, int first)
    {
        for (var b = first; b < BatchesPerEpoch; b++) yield return CollateBatch(order, epoch, b);
    }

    private Batch CollateBatch(int[] order, int epoch, int batchIndex)
    {
        var start = batchIndex * BatchSize;
        var count = Math.Min(BatchSize, order.Length - start);
        return Collator.Collate(Dataset, new ArraySegment<int>(order, start, count), new CollationContext(Seed, epoch, batchIndex));
    }

    private static ISampler DefaultSampler(IDataset dataset, bool shuffle, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return shuffle ? new RandomSampler(dataset.Count, seed) : new SequentialSampler(dataset.Count);
    }
}
