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

/// <summary>Turns the examples at some indices of a dataset into a <see cref="Batch"/>.</summary>
public interface IDataCollator
{
    /// <summary>Collates the examples at <paramref name="indices"/>.</summary>
    Batch Collate(IDataset dataset, IReadOnlyList<int> indices);
}

/// <summary>A collator from a function of the examples (Transformers' <c>data_collator</c>).</summary>
public sealed class DataCollator<T>(Func<IReadOnlyList<T>, Batch> collate) : IDataCollator
{
    /// <inheritdoc/>
    public Batch Collate(IDataset dataset, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var typed = dataset as IDataset<T>
                    ?? throw new ArgumentException($"the collator expects a dataset of {typeof(T).Name}, got {dataset.GetType().Name}", nameof(dataset));
        var examples = new T[indices.Count];
        for (var i = 0; i < examples.Length; i++) examples[i] = typed[indices[i]];
        return collate(examples);
    }
}
