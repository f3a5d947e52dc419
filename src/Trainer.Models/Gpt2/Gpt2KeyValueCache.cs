namespace Training.Models;

/// <summary>
/// The keys and values every attention layer has computed so far during generation, [B, heads, capacity, head width]
/// per layer, filled in place: a new token then attends over the cached positions instead of recomputing them. The
/// buffers are allocated on the first append (when batch, dtype and device are known) and owned by the cache.
/// </summary>
internal sealed class Gpt2KeyValueCache(int layers, long capacity) : IDisposable
{
    private readonly Tensor?[] keys = new Tensor?[layers];
    private readonly Tensor?[] values = new Tensor?[layers];

    /// <summary>The number of positions cached (the same in every layer once a forward pass is complete).</summary>
    public long Length { get; private set; }

    /// <summary>The most positions the cache holds.</summary>
    public long Capacity => capacity;

    /// <summary>
    /// Writes <paramref name="key"/> and <paramref name="value"/> [B, heads, t, head width] of <paramref name="layer"/>
    /// after the cached positions and returns views of everything cached, [B, heads, Length + t, head width].
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor key, Tensor value)
    {
        var t = key.size(2);
        if (Length + t > capacity) throw new InvalidOperationException($"the cache holds {capacity} positions; {Length} + {t} do not fit");
        var (b, h, d) = (key.size(0), key.size(1), key.size(3));
        keys[layer] ??= empty([b, h, capacity, d], key.dtype, key.device).DetachFromDisposeScope();
        values[layer] ??= empty([b, h, capacity, d], value.dtype, value.device).DetachFromDisposeScope();
        keys[layer]!.narrow(2, Length, t).copy_(key);
        values[layer]!.narrow(2, Length, t).copy_(value);
        return (keys[layer]!.narrow(2, 0, Length + t), values[layer]!.narrow(2, 0, Length + t));
    }

    /// <summary>Marks <paramref name="count"/> more positions as cached, after every layer appended them.</summary>
    public void Advance(long count) => Length += count;

    /// <summary>Frees the buffers.</summary>
    public void Dispose()
    {
        foreach (var tensor in keys.Concat(values)) tensor?.Dispose();
        Array.Clear(keys);
        Array.Clear(values);
    }
}
