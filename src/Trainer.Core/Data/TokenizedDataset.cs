namespace Training.Core;

/// <summary>An in-memory dataset of tokenized examples that reports their lengths (for <c>GroupByLength</c>).</summary>
public sealed class TokenizedDataset(IReadOnlyList<TokenizedExample> examples) : IDataset<TokenizedExample>, IExampleLengths
{
    private readonly IReadOnlyList<TokenizedExample> examples = examples ?? throw new ArgumentNullException(nameof(examples));

    /// <summary>A dataset of examples from their input ids alone.</summary>
    public static TokenizedDataset FromIds(IEnumerable<int[]> inputIds) =>
        new((inputIds ?? throw new ArgumentNullException(nameof(inputIds))).Select(ids => new TokenizedExample(ids)).ToList());

    /// <inheritdoc/>
    public int Count => examples.Count;

    /// <inheritdoc/>
    public TokenizedExample this[int index] => examples[index];

    /// <inheritdoc/>
    public int LengthOf(int index) => examples[index].Length;
}
