using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// The base of the collators over <see cref="TokenizedExample"/>s: fetches the examples, and pads sequences to the
/// longest in the batch (rounded up to <see cref="PadToMultipleOf"/>) on <see cref="PaddingSide"/>. The batch holds
/// int64 tensors <c>input_ids</c>, <c>attention_mask</c> and <c>labels</c> of shape [batch, length].
/// Stateless: safe on worker threads.
/// </summary>
public abstract class TokenCollator : IDataCollator
{
    /// <summary>The label that takes no loss (PyTorch's <c>ignore_index</c>).</summary>
    public const int IgnoreIndex = -100;

    private readonly int? padToMultipleOf;

    /// <summary>Pad lengths up to a multiple of this (Transformers' <c>pad_to_multiple_of</c>; e.g. 8 for tensor cores); null: no rounding.</summary>
    public int? PadToMultipleOf
    {
        get => padToMultipleOf;
        init => padToMultipleOf = value is null or >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(PadToMultipleOf), value, "PadToMultipleOf must be at least 1 (or null for no rounding)");
    }

    /// <summary>Where padding goes (default <see cref="Core.PaddingSide.Right"/>).</summary>
    public PaddingSide PaddingSide { get; init; } = PaddingSide.Right;

    /// <inheritdoc/>
    public Batch Collate(IDataset dataset, IReadOnlyList<int> indices) => Collate(dataset, indices, default);

    /// <inheritdoc/>
    public Batch Collate(IDataset dataset, IReadOnlyList<int> indices, CollationContext context)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(indices);
        var typed = dataset as IDataset<TokenizedExample>
                    ?? throw new ArgumentException($"{GetType().Name} collates a dataset of {nameof(TokenizedExample)}, got {dataset.GetType().Name}", nameof(dataset));
        var examples = new TokenizedExample[indices.Count];
        for (var i = 0; i < examples.Length; i++) examples[i] = typed[indices[i]];
        return Collate(examples, context);
    }

    /// <summary>Collates <paramref name="examples"/> for the batch <paramref name="context"/> describes.</summary>
    public abstract Batch Collate(IReadOnlyList<TokenizedExample> examples, CollationContext context);

    /// <summary>The padded length for sequences whose longest is <paramref name="longest"/>.</summary>
    protected int PaddedLength(int longest) =>
        padToMultipleOf is int m && longest % m != 0 ? checked((longest / m + 1) * m) : longest;

    /// <summary>
    /// Writes each sequence into a row of a [count, <paramref name="length"/>] buffer filled with
    /// <paramref name="fill"/>, on <see cref="PaddingSide"/>.
    /// </summary>
    protected long[] Pad(IReadOnlyList<ReadOnlyMemory<int>> sequences, int length, long fill)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var buffer = new long[checked(sequences.Count * length)];
        if (fill != 0) Array.Fill(buffer, fill);
        for (var row = 0; row < sequences.Count; row++)
        {
            var tokens = sequences[row].Span;
            var start = row * length + (PaddingSide == PaddingSide.Right ? 0 : length - tokens.Length);
            for (var j = 0; j < tokens.Length; j++) buffer[start + j] = tokens[j];
        }

        return buffer;
    }

    /// <summary>
    /// The attention mask of the padded inputs: each example's own mask (or ones) on its tokens, 0 on padding.
    /// </summary>
    protected long[] AttentionMask(IReadOnlyList<TokenizedExample> examples, int length)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var masks = new ReadOnlyMemory<int>[examples.Count];
        for (var i = 0; i < masks.Length; i++)
        {
            var example = examples[i];
            if (example.AttentionMask is { } mask)
            {
                if (mask.Length != example.InputIds.Length)
                    throw new ArgumentException($"example {i} of the batch has {example.InputIds.Length} input ids but an attention mask of {mask.Length}");
                masks[i] = mask;
            }
            else
            {
                masks[i] = Ones(example.InputIds.Length);
            }
        }

        return Pad(masks, length, 0);
    }

    /// <summary>The longest input sequence of <paramref name="examples"/>.</summary>
    protected static int LongestInput(IReadOnlyList<TokenizedExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException("a batch needs at least one example", nameof(examples));
        var longest = 0;
        foreach (var example in examples) longest = Math.Max(longest, example.InputIds.Length);
        return longest;
    }

    /// <summary>Input ids of every example.</summary>
    protected static ReadOnlyMemory<int>[] Inputs(IReadOnlyList<TokenizedExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return examples.Select(e => e.InputIds).ToArray();
    }

    /// <summary>A batch of int64 [count, buffer length / count] tensors built from row-major buffers.</summary>
    protected static Batch ToBatch(int count, params (string Name, long[] Values)[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var tensors = new List<KeyValuePair<string, Tensor>>(entries.Length);
        try
        {
            foreach (var (name, values) in entries) tensors.Add(new(name, torch.tensor(values, [count, values.Length / count], ScalarType.Int64)));
            return new Batch(count, tensors);
        }
        catch
        {
            foreach (var (_, tensor) in tensors) tensor.Dispose();
            throw;
        }
    }

    private static int[] Ones(int length)
    {
        var ones = new int[length];
        Array.Fill(ones, 1);
        return ones;
    }
}
