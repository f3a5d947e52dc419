namespace Training.Core;

/// <summary>
/// Masked-language-model masking for <see cref="DataCollatorForLanguageModeling"/> (Transformers' <c>mlm=True</c>):
/// each real token (not padding, not one of <see cref="SpecialTokenIds"/>) is selected with
/// <see cref="MlmProbability"/>; a selected token is replaced by the mask token with
/// <see cref="MaskReplaceProbability"/>, by a random token of the vocabulary with <see cref="RandomReplaceProbability"/>,
/// and kept otherwise; labels are the original token where selected and -100 elsewhere.
/// </summary>
/// <param name="MaskTokenId">The mask token's id (e.g. <c>[MASK]</c>).</param>
/// <param name="VocabSize">The number of ids random replacements are drawn from (Transformers' <c>len(tokenizer)</c>).</param>
public sealed record MaskedLmOptions(int MaskTokenId, int VocabSize)
{
    /// <summary>The share of tokens selected for prediction (default 0.15).</summary>
    public double MlmProbability { get; init; } = 0.15;

    /// <summary>The share of selected tokens replaced by the mask token (default 0.8).</summary>
    public double MaskReplaceProbability { get; init; } = 0.8;

    /// <summary>The share of selected tokens replaced by a random token (default 0.1); the rest stay as they are.</summary>
    public double RandomReplaceProbability { get; init; } = 0.1;

    /// <summary>Ids never selected (the tokenizer's special tokens: CLS, SEP, BOS, EOS ...). Padding never is.</summary>
    public IReadOnlyCollection<int> SpecialTokenIds { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (VocabSize < 1) throw new ArgumentOutOfRangeException(nameof(VocabSize), VocabSize, "VocabSize must be at least 1");
        if (MaskTokenId < 0 || MaskTokenId >= VocabSize) throw new ArgumentOutOfRangeException(nameof(MaskTokenId), MaskTokenId, $"MaskTokenId must be an id of the vocabulary, in [0, {VocabSize})");
        Probability(nameof(MlmProbability), MlmProbability);
        Probability(nameof(MaskReplaceProbability), MaskReplaceProbability);
        Probability(nameof(RandomReplaceProbability), RandomReplaceProbability);
        if (MaskReplaceProbability + RandomReplaceProbability > 1)
            throw new ArgumentOutOfRangeException(nameof(RandomReplaceProbability), RandomReplaceProbability,
                $"MaskReplaceProbability + RandomReplaceProbability = {MaskReplaceProbability + RandomReplaceProbability} must be at most 1");
        ArgumentNullException.ThrowIfNull(SpecialTokenIds, nameof(SpecialTokenIds));
    }

    private static void Probability(string name, double value)
    {
        if (!(value >= 0 && value <= 1)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be a probability in [0, 1]");
    }
}
