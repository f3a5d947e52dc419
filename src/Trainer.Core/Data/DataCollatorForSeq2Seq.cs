namespace Training.Core;

/// <summary>
/// Transformers' <c>DataCollatorForSeq2Seq</c>: <c>input_ids</c> padded with the pad token and <c>attention_mask</c>
/// as <see cref="DataCollatorWithPadding"/>, and <c>labels</c> padded with <see cref="LabelPadTokenId"/> (-100) to the
/// longest labels of the batch (rounded up to <see cref="TokenCollator.PadToMultipleOf"/>), independently of the
/// inputs' length. Every example needs labels. The tensors are [batch, input length] and [batch, label length].
/// </summary>
/// <param name="padTokenId">The id written into padded positions of <c>input_ids</c>.</param>
public sealed class DataCollatorForSeq2Seq(int padTokenId) : TokenCollator
{
    /// <summary>The id written into padded positions of <c>input_ids</c>.</summary>
    public int PadTokenId { get; } = padTokenId;

    /// <summary>The label written into padded positions of <c>labels</c> (default -100: no loss).</summary>
    public int LabelPadTokenId { get; init; } = IgnoreIndex;

    /// <inheritdoc/>
    public override Batch Collate(IReadOnlyList<TokenizedExample> examples, CollationContext context)
    {
        var length = PaddedLength(LongestInput(examples));
        var labels = new ReadOnlyMemory<int>[examples.Count];
        for (var i = 0; i < labels.Length; i++)
            labels[i] = examples[i].Labels ?? throw new ArgumentException($"example {i} of the batch has no labels; {nameof(DataCollatorForSeq2Seq)} needs labels on every example");
        var labelLength = PaddedLength(labels.Max(l => l.Length));
        return ToBatch(examples.Count, ("input_ids", Pad(Inputs(examples), length, PadTokenId)), ("attention_mask", AttentionMask(examples, length)),
            ("labels", Pad(labels, labelLength, LabelPadTokenId)));
    }
}
