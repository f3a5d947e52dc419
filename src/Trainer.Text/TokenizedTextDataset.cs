using Training.Core;

namespace Training.Text;

/// <summary>A dataset of tokenized examples built from a text or JSON Lines file.</summary>
public abstract class TokenizedTextDataset : IDataset<TokenizedExample>, IExampleLengths
{
    private protected TokenizedTextDataset(string path, long tokenCount, int blockSize)
    {
        Path = path;
        TokenCount = tokenCount;
        BlockSize = blockSize;
    }

    /// <summary>The file the examples came from.</summary>
    public string Path { get; }

    /// <summary>Tokens the file gave (end-of-text separators included), before blocks dropped the remainder or examples were truncated.</summary>
    public long TokenCount { get; }

    /// <summary>Tokens per block, or the most per example.</summary>
    public int BlockSize { get; }

    /// <inheritdoc/>
    public abstract int Count { get; }

    /// <inheritdoc/>
    public abstract TokenizedExample this[int index] { get; }

    /// <inheritdoc/>
    public abstract int LengthOf(int index);
}
