namespace Training.Core;

/// <summary>
/// Transformers' <c>LengthGroupedSampler</c> (<c>group_by_length</c>): a random permutation cut into megabatches of
/// <c>min(n / (4·batch), 50)·batch</c> examples (at least one batch), each sorted by length, longest first, and the
/// longest example of all moved to the very first position (so an out-of-memory shows at the first step, not hours
/// in). Batches then hold examples of similar length, which wastes less padding. The permutation is
/// <see cref="RandomSampler"/>'s for the same (seed, epoch), so resuming rebuilds the same order.
/// </summary>
public sealed class LengthGroupedSampler : ISampler
{
    private readonly int[] lengths;
    private readonly RandomSampler permutation;

    /// <summary>A sampler over examples of <paramref name="lengths"/>.</summary>
    /// <param name="lengths">The length of each example.</param>
    /// <param name="batchSize">
    /// The batch the megabatches are made of: Transformers uses the per-device batch size times the gradient
    /// accumulation steps.
    /// </param>
    /// <param name="seed">The data seed.</param>
    /// <param name="megaBatchMultiplier">Batches per megabatch; null for Transformers' default, min(n / (4·batch), 50).</param>
    public LengthGroupedSampler(IReadOnlyList<int> lengths, int batchSize, int seed, int? megaBatchMultiplier = null)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (megaBatchMultiplier is < 1) throw new ArgumentOutOfRangeException(nameof(megaBatchMultiplier), megaBatchMultiplier, "at least 1 batch per megabatch");
        this.lengths = [.. lengths];
        BatchSize = batchSize;
        MegaBatchMultiplier = megaBatchMultiplier ?? Math.Max(Math.Min(this.lengths.Length / (batchSize * 4), 50), 1);
        permutation = new RandomSampler(this.lengths.Length, seed);
    }

    /// <summary>
    /// A sampler over <paramref name="dataset"/>, whose lengths come from <see cref="IExampleLengths"/> or, for a
    /// dataset of <see cref="TokenizedExample"/>s, from the examples' input ids.
    /// </summary>
    /// <exception cref="ArgumentException">The dataset offers no lengths; the message names its type.</exception>
    public static LengthGroupedSampler For(IDataset dataset, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        int[] lengths = dataset switch
        {
            IExampleLengths known => [.. Enumerable.Range(0, dataset.Count).Select(known.LengthOf)],
            IDataset<TokenizedExample> tokenized => [.. Enumerable.Range(0, dataset.Count).Select(i => tokenized[i].Length)],
            _ => throw new ArgumentException(
                $"{nameof(TrainingArguments)}.{nameof(TrainingArguments.GroupByLength)} needs the length of every example, but the dataset {dataset.GetType().FullName} " +
                $"implements neither {nameof(IExampleLengths)} nor {nameof(IDataset<TokenizedExample>)}<{nameof(TokenizedExample)}>", nameof(dataset)),
        };
        return new LengthGroupedSampler(lengths, batchSize, seed);
    }

    /// <summary>The batch size the megabatches are made of.</summary>
    public int BatchSize { get; }

    /// <summary>Batches per megabatch.</summary>
    public int MegaBatchMultiplier { get; }

    /// <inheritdoc/>
    public int[] Order(int epoch) => Group(lengths, permutation.Order(epoch), MegaBatchMultiplier * BatchSize);

    /// <summary>The random permutation the order of <paramref name="epoch"/> groups (for tests against Transformers' code).</summary>
    internal int[] Permutation(int epoch) => permutation.Order(epoch);

    // get_length_grouped_indices after its torch.randperm. Python's sorted(reverse=True) is stable, so ties keep the
    // permutation's order: OrderByDescending is stable too (Array.Sort is not). torch.argmax takes the first maximum.
    private static int[] Group(int[] lengths, int[] permutation, int megaBatchSize)
    {
        var megaBatches = permutation.Chunk(megaBatchSize).Select(m => m.OrderByDescending(i => lengths[i]).ToArray()).ToArray();
        if (megaBatches.Length == 0) return [];
        var longest = 0;
        for (var m = 1; m < megaBatches.Length; m++)
            if (lengths[megaBatches[m][0]] > lengths[megaBatches[longest][0]]) longest = m;
        (megaBatches[0][0], megaBatches[longest][0]) = (megaBatches[longest][0], megaBatches[0][0]);
        return [.. megaBatches.SelectMany(m => m)];
    }
}
