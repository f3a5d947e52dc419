namespace Training.Core;

/// <summary>A map-style dataset: a count and random access by index.</summary>
public interface IDataset
{
    /// <summary>Number of examples.</summary>
    int Count { get; }
}

/// <summary>A map-style dataset of <typeparamref name="T"/> examples.</summary>
public interface IDataset<out T> : IDataset
{
    /// <summary>The example at <paramref name="index"/>.</summary>
    T this[int index] { get; }
}

/// <summary>A dataset over an in-memory list.</summary>
public sealed class ListDataset<T>(IReadOnlyList<T> items) : IDataset<T>
{
    /// <inheritdoc/>
    public int Count => items.Count;

    /// <inheritdoc/>
    public T this[int index] => items[index];
}

/// <summary>
/// Turns the examples at some indices of a dataset into a <see cref="Batch"/>. With
/// <see cref="TrainingArguments.DataloaderNumWorkers"/> &gt; 0 it runs on worker threads, several batches at once: it
/// must not keep per-call state, and whatever randomness it needs comes from the <see cref="CollationContext"/>.
/// </summary>
public interface IDataCollator
{
    /// <summary>Collates the examples at <paramref name="indices"/>.</summary>
    Batch Collate(IDataset dataset, IReadOnlyList<int> indices);

    /// <summary>
    /// Collates the examples at <paramref name="indices"/> for the batch <paramref name="context"/> describes (the
    /// data loader calls this one). A collator that draws random numbers overrides it and draws them from
    /// <see cref="CollationContext.CreateRandom"/>; by default the context is not needed.
    /// </summary>
    Batch Collate(IDataset dataset, IReadOnlyList<int> indices, CollationContext context) => Collate(dataset, indices);
}

/// <summary>A collator from a function of the examples (Transformers' <c>data_collator</c>).</summary>
public sealed class DataCollator<T> : IDataCollator
{
    private readonly Func<IReadOnlyList<T>, CollationContext, Batch> collate;

    /// <summary>A collator from a function of the examples alone.</summary>
    public DataCollator(Func<IReadOnlyList<T>, Batch> collate)
    {
        ArgumentNullException.ThrowIfNull(collate);
        this.collate = (examples, _) => collate(examples);
    }

    /// <summary>A collator from a function of the examples and the batch's place in the run (for seeded randomness).</summary>
    public DataCollator(Func<IReadOnlyList<T>, CollationContext, Batch> collate) =>
        this.collate = collate ?? throw new ArgumentNullException(nameof(collate));

    /// <inheritdoc/>
    public Batch Collate(IDataset dataset, IReadOnlyList<int> indices) => Collate(dataset, indices, default);

    /// <inheritdoc/>
    public Batch Collate(IDataset dataset, IReadOnlyList<int> indices, CollationContext context)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var typed = dataset as IDataset<T>
                    ?? throw new ArgumentException($"the collator expects a dataset of {typeof(T).Name}, got {dataset.GetType().Name}", nameof(dataset));
        var examples = new T[indices.Count];
        for (var i = 0; i < examples.Length; i++) examples[i] = typed[indices[i]];
        return collate(examples, context);
    }
}
