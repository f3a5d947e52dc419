namespace Training.Examples;

/// <summary>The examples' <c>Model</c> section: the TinyGpt shape and what the programs do with it.</summary>
internal sealed class ModelSettings
{
    /// <summary>The section name.</summary>
    public const string SectionName = "Model";

    /// <summary>Context length in characters.</summary>
    public int BlockSize { get; set; } = 64;

    /// <summary>Width of the embeddings (a multiple of <see cref="Heads"/>).</summary>
    public int EmbeddingDim { get; set; } = 128;

    /// <summary>Attention heads per layer.</summary>
    public int Heads { get; set; } = 4;

    /// <summary>Transformer blocks.</summary>
    public int Layers { get; set; } = 4;

    /// <summary>Dropout probability.</summary>
    public double Dropout { get; set; }

    /// <summary>Evaluate on every n-th validation window.</summary>
    public int EvalStride { get; set; } = 97;

    /// <summary>Characters sampled after training.</summary>
    public int SampleLength { get; set; } = 300;

    /// <summary>Every problem, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        static string Key(string name) => $"{SectionName}:{name}";
        if (BlockSize < 1) yield return $"{Key(nameof(BlockSize))} = {BlockSize} is invalid: it must be at least 1.";
        if (EmbeddingDim < 1) yield return $"{Key(nameof(EmbeddingDim))} = {EmbeddingDim} is invalid: it must be at least 1.";
        if (Heads < 1) yield return $"{Key(nameof(Heads))} = {Heads} is invalid: it must be at least 1.";
        else if (EmbeddingDim % Heads != 0)
            yield return $"{Key(nameof(EmbeddingDim))} = {EmbeddingDim} is invalid: it must be a multiple of {Key(nameof(Heads))} = {Heads}.";
        if (Layers < 1) yield return $"{Key(nameof(Layers))} = {Layers} is invalid: it must be at least 1.";
        if (!(Dropout >= 0 && Dropout < 1)) yield return $"{Key(nameof(Dropout))} = {Dropout} is invalid: it must be in [0, 1).";
        if (EvalStride < 1) yield return $"{Key(nameof(EvalStride))} = {EvalStride} is invalid: it must be at least 1.";
        if (SampleLength < 0) yield return $"{Key(nameof(SampleLength))} = {SampleLength} is invalid: it must be >= 0.";
    }
}
