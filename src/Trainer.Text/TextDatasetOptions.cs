using Microsoft.Extensions.Logging;

namespace Training.Text;

/// <summary>How a text or JSON Lines file becomes a dataset.</summary>
public sealed record TextDatasetOptions
{
    /// <summary>
    /// Tokens per example (Transformers' run_clm <c>block_size</c>): the length of each block of concatenated text, and
    /// the most tokens of a prompt/completion example (longer ones are truncated). At most the model's context
    /// (GPT-2: <c>n_positions</c> = 1024). Default 1024.
    /// </summary>
    public int BlockSize { get; init; } = 1024;

    /// <summary>Where the start, the progress (every 10% of a large file) and the end of tokenization are logged.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Receives progress as the file is tokenized (e.g. a progress bar).</summary>
    public IProgress<TokenizationProgress>? Progress { get; init; }

    internal void Validate()
    {
        if (BlockSize < 1) throw new ArgumentOutOfRangeException(nameof(BlockSize), BlockSize, "BlockSize must be at least 1 token");
    }
}
