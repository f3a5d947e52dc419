namespace Training.Core;

/// <summary>
/// One tokenized example, as a Transformers dataset row holds it: <c>input_ids</c>, optional <c>labels</c> and an
/// optional <c>attention_mask</c>. Ids are <see cref="int"/> (what Microsoft.ML.Tokenizers returns; vocabularies and
/// -100 fit, at half the memory of <see cref="long"/>); the collators widen them to the int64 tensors models take.
/// The sequences are read-only views, so a dataset can hand out slices of one token stream without copying and a
/// collator can never change a dataset's examples (masked-LM masking works on its own copy).
/// </summary>
/// <param name="InputIds">The token ids.</param>
/// <param name="Labels">
/// Per-token labels (-100 where no loss is taken), as long as <paramref name="InputIds"/> for a causal or masked
/// language model, of any length for a sequence-to-sequence one; null for "the inputs are the labels".
/// </param>
/// <param name="AttentionMask">1 for a token to attend to, 0 for one to ignore; null for all ones.</param>
public sealed record TokenizedExample(ReadOnlyMemory<int> InputIds, ReadOnlyMemory<int>? Labels = null, ReadOnlyMemory<int>? AttentionMask = null)
{
    /// <summary>
    /// An example from arrays. A null array means "absent" here, where the implicit conversion of a null array to
    /// <see cref="ReadOnlyMemory{T}"/> would give an empty sequence instead.
    /// </summary>
    public TokenizedExample(int[] inputIds, int[]? labels = null, int[]? attentionMask = null)
        : this(inputIds ?? throw new ArgumentNullException(nameof(inputIds)), Optional(labels), Optional(attentionMask))
    {
    }

    /// <summary>The number of input tokens (what <c>GroupByLength</c> groups by).</summary>
    public int Length => InputIds.Length;

    // Spelled out: in "a is null ? null : a" the null converts through int[] to an empty ReadOnlyMemory<int>.
    private static ReadOnlyMemory<int>? Optional(int[]? values) => values is null ? default(ReadOnlyMemory<int>?) : values;
}
