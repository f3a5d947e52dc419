namespace Training.Models;

/// <summary>
/// The shape of a <see cref="TinyGpt"/>. The defaults (4 layers, 4 heads, 128 dimensions, a 64-token context) train
/// on Tiny Shakespeare to a clearly falling loss within minutes on two CPU cores; see bench/TinyGpt.md.
/// </summary>
public sealed record TinyGptConfig
{
    /// <summary>Number of token ids (the tokenizer's vocabulary size).</summary>
    public required int VocabSize { get; init; }

    /// <summary>The context length: the most tokens the model attends over (position embeddings and causal mask size).</summary>
    public int BlockSize { get; init; } = 64;

    /// <summary>Width of the residual stream.</summary>
    public int EmbeddingDim { get; init; } = 128;

    /// <summary>Attention heads per layer; must divide <see cref="EmbeddingDim"/>.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Number of transformer blocks.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Dropout probability on embeddings, attention weights and residual branches (0 turns the layers off).</summary>
    public double Dropout { get; init; }

    /// <summary>Whether the linear layers and layer norms have biases (GPT-2 has them).</summary>
    public bool Bias { get; init; } = true;

    /// <summary>Whether the output head shares the token embedding matrix (GPT-2 does; off by default).</summary>
    public bool TieWeights { get; init; }

    /// <summary>The width of one attention head.</summary>
    public int HeadDim => EmbeddingDim / Heads;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(VocabSize, 1, nameof(VocabSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(BlockSize, 1, nameof(BlockSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(EmbeddingDim, 1, nameof(EmbeddingDim));
        ArgumentOutOfRangeException.ThrowIfLessThan(Heads, 1, nameof(Heads));
        ArgumentOutOfRangeException.ThrowIfLessThan(Layers, 1, nameof(Layers));
        if (EmbeddingDim % Heads != 0)
            throw new ArgumentOutOfRangeException(nameof(Heads), Heads, $"{nameof(Heads)} must divide {nameof(EmbeddingDim)} ({EmbeddingDim})");
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, $"{nameof(Dropout)} must lie in [0, 1)");
    }
}
