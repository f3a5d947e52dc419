namespace Training.Core;

/// <summary>
/// Transformers' <c>DataCollatorForLanguageModeling</c>. Pads <c>input_ids</c> with the pad token and builds
/// <c>attention_mask</c> as <see cref="DataCollatorWithPadding"/>, then:
/// <list type="bullet">
/// <item>causal (<c>mlm=False</c>, no <see cref="MaskedLm"/>): <c>labels</c> are the input ids with -100 wherever the
/// attention mask is 0. Transformers tests the pad id instead, which also drops every real end-of-text token when the
/// pad token is EOS (GPT-2); the mask does not. Beyond Transformers, an example that carries its own labels
/// (prompt tokens at -100) keeps them, padded with -100. The model shifts the labels, not the collator.</item>
/// <item>masked (<see cref="MaskedLm"/> set): Transformers' 80/10/10 masking, drawn from
/// <see cref="CollationContext.CreateRandom"/> so a batch depends only on the data seed, the epoch and its index.</item>
/// </list>
/// </summary>
public sealed class DataCollatorForLanguageModeling : TokenCollator
{
    private readonly HashSet<int> special;

    /// <summary>A causal-LM collator, or a masked-LM one with <paramref name="maskedLm"/>.</summary>
    /// <param name="padTokenId">The id written into padded positions of <c>input_ids</c> (GPT-2: its EOS, 50256).</param>
    /// <param name="maskedLm">Masked-LM masking; null for causal language modeling.</param>
    public DataCollatorForLanguageModeling(int padTokenId, MaskedLmOptions? maskedLm = null)
    {
        maskedLm?.Validate();
        PadTokenId = padTokenId;
        MaskedLm = maskedLm;
        special = maskedLm is null ? [] : [.. maskedLm.SpecialTokenIds];
    }

    /// <summary>The id written into padded positions of <c>input_ids</c>.</summary>
    public int PadTokenId { get; }

    /// <summary>The masking of a masked-LM collator; null for a causal one.</summary>
    public MaskedLmOptions? MaskedLm { get; }

    /// <inheritdoc/>
    public override Batch Collate(IReadOnlyList<TokenizedExample> examples, CollationContext context)
    {
        var length = PaddedLength(LongestInput(examples));
        var inputs = Pad(Inputs(examples), length, PadTokenId);
        var mask = AttentionMask(examples, length);
        var labels = MaskedLm is { } options ? MaskTokens(inputs, mask, options, context.CreateRandom()) : CausalLabels(examples, length, mask);
        return ToBatch(examples.Count, ("input_ids", inputs), ("attention_mask", mask), ("labels", labels));
    }

    private long[] CausalLabels(IReadOnlyList<TokenizedExample> examples, int length, long[] mask)
    {
        var sequences = new ReadOnlyMemory<int>[examples.Count];
        for (var i = 0; i < sequences.Length; i++)
        {
            var example = examples[i];
            sequences[i] = example.Labels ?? example.InputIds;
            if (sequences[i].Length != example.InputIds.Length)
                throw new ArgumentException($"example {i} of the batch has {example.InputIds.Length} input ids but {sequences[i].Length} labels; a language model's labels are per input token");
        }

        var labels = Pad(sequences, length, IgnoreIndex);
        for (var p = 0; p < labels.Length; p++)
            if (mask[p] == 0) labels[p] = IgnoreIndex;
        return labels;
    }

    // Transformers' torch_mask_tokens with its three Bernoulli draws per position, on a seeded managed generator:
    // selected with p; of those, mask with q; of the rest, random with r / (1 - q).
    private long[] MaskTokens(long[] inputs, long[] mask, MaskedLmOptions options, Random random)
    {
        var labels = new long[inputs.Length];
        var remaining = 1 - options.MaskReplaceProbability;
        var randomShare = remaining > 0 ? options.RandomReplaceProbability / remaining : 0;
        for (var p = 0; p < inputs.Length; p++)
        {
            labels[p] = IgnoreIndex;
            if (mask[p] == 0 || special.Contains((int)inputs[p])) continue;
            if (!(random.NextDouble() < options.MlmProbability)) continue;
            labels[p] = inputs[p];
            if (random.NextDouble() < options.MaskReplaceProbability) inputs[p] = options.MaskTokenId;
            else if (random.NextDouble() < randomShare) inputs[p] = random.Next(options.VocabSize);
        }

        return labels;
    }
}
