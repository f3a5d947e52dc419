namespace Training.Core;

/// <summary>
/// Transformers' <c>DataCollatorWithPadding</c>: pads <c>input_ids</c> with the pad token to the longest example of
/// the batch (rounded up to <see cref="TokenCollator.PadToMultipleOf"/>) and builds <c>attention_mask</c> (0 on
/// padding). Examples that carry labels (token-level, as long as their inputs) get <c>labels</c> padded with -100;
/// if none does, the batch has no labels.
/// </summary>
/// <param name="padTokenId">The id written into padded positions of <c>input_ids</c>.</param>
public sealed class DataCollatorWithPadding(int padTokenId) : TokenCollator
{
    /// <summary>The id written into padded positions of <c>input_ids</c>.</summary>
    public int PadTokenId { get; } = padTokenId;

    /// <inheritdoc/>
    public override Batch Collate(IReadOnlyList<TokenizedExample> examples, CollationContext context)
    {
        var length = PaddedLength(LongestInput(examples));
        var inputs = Pad(Inputs(examples), length, PadTokenId);
        var mask = AttentionMask(examples, length);
        if (examples.All(e => e.Labels is null)) return ToBatch(examples.Count, ("input_ids", inputs), ("attention_mask", mask));
        var labels = new ReadOnlyMemory<int>[examples.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            var example = examples[i];
            labels[i] = example.Labels ?? throw new ArgumentException($"example {i} of the batch has no labels while others have: label every example or none");
            if (labels[i].Length != example.InputIds.Length)
                throw new ArgumentException($"example {i} of the batch has {example.InputIds.Length} input ids but {labels[i].Length} labels; {nameof(DataCollatorWithPadding)} pads token-level labels with the inputs (use {nameof(DataCollatorForSeq2Seq)} for labels of their own length)");
        }

        return ToBatch(examples.Count, ("input_ids", inputs), ("attention_mask", mask), ("labels", Pad(labels, length, IgnoreIndex)));
    }
}
