using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// The optimizer state of one parameter under PyTorch's names (<c>step</c>, <c>exp_avg</c>,
/// <c>exp_avg_sq</c>, <c>momentum_buffer</c>, ...). It owns its tensors: they live outside every dispose
/// scope and are released by <see cref="Dispose"/>.
/// </summary>
public sealed class ParameterState : IDisposable
{
    private readonly OrderedDictionary<string, object> entries = new(StringComparer.Ordinal);

    /// <summary>The entries in insertion order: tensors and numbers.</summary>
    public IEnumerable<KeyValuePair<string, object>> Entries => entries;

    /// <summary>The number of entries.</summary>
    public int Count => entries.Count;

    /// <summary>True when the state has an entry of that name.</summary>
    public bool Contains(string name) => entries.ContainsKey(name);

    /// <summary>The per-parameter step count (entry <c>step</c>; 0 before the first update).</summary>
    public double Step
    {
        get => entries.TryGetValue("step", out var v) ? AsNumber("step", v) : 0;
        set => SetScalar("step", value);
    }

    /// <summary>A state tensor.</summary>
    public Tensor Tensor(string name) =>
        entries.TryGetValue(name, out var value) && value is Tensor t
            ? t
            : throw new KeyNotFoundException($"optimizer state has no tensor '{name}' (has: {string.Join(", ", entries.Keys)})");

    /// <summary>A state tensor, or null when absent.</summary>
    public Tensor? TryTensor(string name) => entries.TryGetValue(name, out var value) ? value as Tensor : null;

    /// <summary>Stores a tensor the state now owns (taken out of any dispose scope); a previous tensor of that name is disposed.</summary>
    public Tensor SetTensor(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        value.DetachFromDisposeScope();
        if (entries.TryGetValue(name, out var old) && old is Tensor previous && !ReferenceEquals(previous, value)) previous.Dispose();
        entries[name] = value;
        return value;
    }

    /// <summary>A numeric state entry (a 0-dim tensor entry is read as its value).</summary>
    public double Scalar(string name) =>
        entries.TryGetValue(name, out var value)
            ? AsNumber(name, value)
            : throw new KeyNotFoundException($"optimizer state has no value '{name}' (has: {string.Join(", ", entries.Keys)})");

    /// <summary>Stores a numeric entry.</summary>
    public void SetScalar(string name, double value)
    {
        if (entries.TryGetValue(name, out var old) && old is Tensor previous) previous.Dispose();
        entries[name] = value;
    }

    /// <summary>An exact 64-bit integer entry (e.g. a random seed), which a double could not hold.</summary>
    public long Integer(string name) =>
        entries.TryGetValue(name, out var value)
            ? value switch
            {
                long l => l,
                double d => (long)d,
                Tensor t => t.ReadInt64(),
                _ => throw new InvalidOperationException($"optimizer state '{name}' is not an integer"),
            }
            : throw new KeyNotFoundException($"optimizer state has no value '{name}' (has: {string.Join(", ", entries.Keys)})");

    /// <summary>Stores an exact 64-bit integer entry (written as a Python int in <c>state_dict</c>).</summary>
    public void SetInteger(string name, long value)
    {
        if (entries.TryGetValue(name, out var old) && old is Tensor previous) previous.Dispose();
        entries[name] = value;
    }

    /// <summary>Removes an entry (a tensor is released).</summary>
    public void Remove(string name)
    {
        if (entries.Remove(name, out var old) && old is Tensor t) t.Dispose();
    }

    /// <summary>Removes every entry and releases the tensors.</summary>
    public void Clear()
    {
        foreach (var value in entries.Values)
            if (value is Tensor t) t.Dispose();
        entries.Clear();
    }

    /// <summary>Releases the state's tensors.</summary>
    public void Dispose() => Clear();

    /// <summary>Bytes held by the state's tensors.</summary>
    public long TensorBytes() => entries.Values.OfType<Tensor>().Sum(t => t.numel() * t.element_size());

    private static double AsNumber(string name, object value) => value switch
    {
        double d => d,
        long l => l,
        Tensor t => t.ReadDouble(),
        _ => throw new InvalidOperationException($"optimizer state '{name}' is not a number"),
    };
}
