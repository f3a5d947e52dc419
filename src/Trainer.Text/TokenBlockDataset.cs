using Training.Core;

namespace Training.Text;

/// <summary>
/// Transformers' run_clm <c>group_texts</c>: the whole token stream cut into blocks of <see cref="TokenizedTextDataset.BlockSize"/>
/// tokens, the remainder dropped. Each example's input ids are a view of the stream (labels: the inputs; the model
/// shifts them), so the dataset costs 4 bytes a token.
/// </summary>
public sealed class TokenBlockDataset : TokenizedTextDataset
{
    private readonly int[] tokens;

    internal TokenBlockDataset(string path, int[] tokens, long tokenCount, int blockSize) : base(path, tokenCount, blockSize)
    {
        this.tokens = tokens;
        Count = tokens.Length / blockSize;
    }

    /// <inheritdoc/>
    public override int Count { get; }

    /// <inheritdoc/>
    public override TokenizedExample this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return new TokenizedExample(new ReadOnlyMemory<int>(tokens, index * BlockSize, BlockSize));
        }
    }

    /// <inheritdoc/>
    public override int LengthOf(int index) => BlockSize;
}
