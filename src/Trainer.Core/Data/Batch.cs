using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Core;

/// <summary>
/// A collated batch: named tensors (<c>input_ids</c>, <c>labels</c>, ...), like the dict a Transformers collator
/// returns. The batch owns its tensors (outside every dispose scope); the training loop disposes it.
/// </summary>
public sealed class Batch : IDisposable
{
    private readonly Dictionary<string, Tensor> tensors = new(StringComparer.Ordinal);

    /// <summary>Creates a batch of <paramref name="size"/> examples from named tensors it now owns.</summary>
    public Batch(long size, IEnumerable<KeyValuePair<string, Tensor>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Size = size;
        foreach (var (name, tensor) in entries) tensors[name] = tensor.DetachFromDisposeScope();
    }

    /// <summary>Number of examples.</summary>
    public long Size { get; }

    /// <summary>
    /// The number of loss items (label tokens other than -100) in the whole gradient-accumulation window this batch
    /// belongs to, set by the Trainer before the forward pass (Transformers' <c>num_items_in_batch</c>); null in
    /// evaluation and when the model does not take it. See <see cref="IAcceptsNumItemsInBatch"/>.
    /// </summary>
    public long? NumItemsInBatch { get; set; }

    /// <summary>A tensor by name.</summary>
    public Tensor this[string name] =>
        tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"the batch has no '{name}' (has: {string.Join(", ", tensors.Keys)})");

    /// <summary>The names present.</summary>
    public IEnumerable<string> Names => tensors.Keys;

    /// <summary>True when a tensor of that name is present.</summary>
    public bool Contains(string name) => tensors.ContainsKey(name);

    /// <summary>
    /// Moves every tensor to <paramref name="device"/> in place (Transformers' <c>_prepare_inputs</c>); tensors already
    /// there are kept as they are. The batch keeps owning its tensors.
    /// </summary>
    public Batch To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        foreach (var name in tensors.Keys.ToList())
        {
            var tensor = tensors[name];
            if (TrainingDevice.Same(tensor.device, device)) continue;
            tensors[name] = tensor.to(device, disposeAfter: true).DetachFromDisposeScope();
        }

        return this;
    }

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in tensors.Values) t.Dispose();
        tensors.Clear();
    }
}
