namespace Training.Core;

/// <summary>
/// The examples of <see cref="Source"/> at some indices, in that order (PyTorch's <c>torch.utils.data.Subset</c>):
/// e.g. a validation split held out of a training file. The lengths of the source carry over for
/// <see cref="TrainingArguments.GroupByLength"/>.
/// </summary>
public sealed class Subset<T> : IDataset<T>, IExampleLengths
{
    private readonly int[] indices;
    private readonly IExampleLengths? lengths;

    /// <summary>The examples of <paramref name="source"/> at <paramref name="indices"/> (each in [0, source.Count)).</summary>
    public Subset(IDataset<T> source, IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(indices);
        Source = source;
        this.indices = indices.ToArray();
        foreach (var index in this.indices)
        {
            if ((uint)index >= (uint)source.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"a subset index must lie in [0, {source.Count}) of the source's examples");
        }

        lengths = source as IExampleLengths;
    }

    /// <summary>
    /// Splits <paramref name="source"/> into its first examples and its last <paramref name="fraction"/> of them
    /// (at least one each), in order: for blocks cut from one text, the held-out part is a passage the training part
    /// does not overlap (Transformers' run_clm takes <c>validation_split_percentage</c> of the data the same way).
    /// </summary>
    public static (Subset<T> Head, Subset<T> Tail) SplitTail(IDataset<T> source, double fraction)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the held-out fraction must lie in (0, 1)");
        if (source.Count < 2) throw new ArgumentException($"a dataset of {source.Count} example(s) cannot be split in two", nameof(source));
        var tail = Math.Clamp((int)Math.Round(source.Count * fraction), 1, source.Count - 1);
        var head = source.Count - tail;
        return (new Subset<T>(source, Enumerable.Range(0, head)), new Subset<T>(source, Enumerable.Range(head, tail)));
    }

    /// <summary>The dataset the examples come from.</summary>
    public IDataset<T> Source { get; }

    /// <inheritdoc/>
    public int Count => indices.Length;

    /// <inheritdoc/>
    public T this[int index] => Source[indices[index]];

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">The source reports no lengths and its examples are not <see cref="TokenizedExample"/>s.</exception>
    public int LengthOf(int index) => lengths is not null ? lengths.LengthOf(indices[index])
        : this[index] is TokenizedExample example ? example.Length
        : throw new NotSupportedException($"{Source.GetType().Name} does not report example lengths (IExampleLengths), so neither does its subset");
}
