namespace Training.TorchExtensions;

/// <summary>PyTorch's <c>torch.save</c> / <c>torch.load</c> file format (a zip archive holding a pickle and raw storages), which TorchSharp lacks.</summary>
public static class TorchFile
{
    /// <summary>
    /// Writes <paramref name="value"/> in PyTorch's <c>torch.save</c> format (a zip archive holding a
    /// protocol-2 pickle and the raw storages), so Python's <c>torch.load</c> reads it. The write is
    /// atomic (a temporary file in the same folder, flushed, then renamed over <paramref name="path"/>)
    /// and deterministic: the same value always gives the same bytes.
    /// </summary>
    /// <remarks>
    /// <para>Object model (Python ↔ .NET): dict and <c>collections.OrderedDict</c> ↔
    /// <see cref="OrderedDictionary{TKey, TValue}"/> of <c>object</c> to <c>object?</c>; list ↔ <see cref="List{T}"/> of <c>object?</c>;
    /// tuple ↔ <c>object?[]</c>; int ↔ <see cref="long"/> (<see cref="System.Numerics.BigInteger"/> beyond 64 bits);
    /// float ↔ <see cref="double"/>; bool ↔ <see cref="bool"/>; str ↔ <see cref="string"/>; None ↔ null;
    /// bytes ↔ <c>byte[]</c>; torch.Tensor ↔ <see cref="Tensor"/>.</para>
    /// <para>Saving also accepts any <see cref="System.Collections.IDictionary"/> or generic
    /// (read-only) dictionary, for example <c>Dictionary&lt;string, Tensor&gt;</c> (written as a dict in
    /// enumeration order); <c>int</c>, <c>short</c>, <c>byte</c> and the other integer types; <c>float</c>;
    /// value tuples such as <c>(0.9, 0.999)</c> (written as tuples); and any other
    /// <see cref="System.Collections.IEnumerable"/> (written as a list). Tensors on any device are written as CPU
    /// tensors (their bytes are copied to the CPU) with their <c>requires_grad</c> flag, strides and storage offset;
    /// tensors that view one storage (views, tied weights) share one storage in the file, which holds the part of
    /// the storage from the first to the last element the saved tensors read. Disposed tensors are refused with an
    /// <see cref="ObjectDisposedException"/> naming the value.</para>
    /// </remarks>
    public static void Save(object? value, string path)
    {
        // The plan's views over shared storages are created in this scope and freed after writing.
        using var scope = NewDisposeScope();
        // Pickling first means an unsupported value fails before any file is created.
        var (pickle, storages) = TorchPickler.Pickle(value);
        AtomicFile.Write(path, stream => TorchArchive.Write(stream, pickle, storages));
    }

    /// <summary>Writes <paramref name="value"/> in the <c>torch.save</c> format to <paramref name="stream"/> (see <see cref="Save(object?, string)"/>).</summary>
    public static void Save(object? value, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var scope = NewDisposeScope();
        var (pickle, storages) = TorchPickler.Pickle(value);
        TorchArchive.Write(stream, pickle, storages);
    }

    /// <summary>
    /// Reads a file written by Python's <c>torch.save</c> (zip format, PyTorch 1.6 or later) or by
    /// <see cref="Save(object?, string)"/>, returning the object model described there. The loader is
    /// restricted like <c>torch.load(weights_only=True)</c>: it rebuilds data only, and a pickle that names
    /// any other global (<c>os.system</c>, arbitrary classes) is refused with an
    /// <see cref="InvalidDataException"/> naming the global; it never executes code.
    /// </summary>
    /// <remarks>
    /// Dictionaries use <see cref="PickleKeyComparer"/>, so integer keys are found with any integer type
    /// (<c>state[0]</c> as well as <c>state[0L]</c>) and tuple keys compare by value. Tensors are new CPU
    /// tensors in the current dispose scope. Tensors that shared a storage when saved (views, tied weights) share
    /// one storage when loaded, with their strides and storage offsets; as in PyTorch each is a leaf tensor of its
    /// own, not an autograd view of another. Attributes set on OrderedDicts (a module state_dict's <c>_metadata</c>)
    /// are dropped. Corrupt files (not a zip, no data.pkl, truncated pickle, unknown opcode, missing or short
    /// storage) and the legacy pre-1.6 format raise <see cref="InvalidDataException"/> naming the file.
    /// </remarks>
    public static object? Load(string path)
    {
        using var stream = SeekableStream.OpenFile(path);
        return TorchArchive.Read(stream, path);
    }

    /// <summary>Reads a <c>torch.save</c> archive from <paramref name="stream"/> (see <see cref="Load(string)"/>); <paramref name="name"/> names it in errors.</summary>
    public static object? Load(Stream stream, string name = "<stream>")
    {
        return SeekableStream.Read(stream, s => TorchArchive.Read(s, name));
    }
}
