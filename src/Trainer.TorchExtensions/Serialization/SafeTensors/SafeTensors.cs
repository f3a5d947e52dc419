using System.Buffers;
using System.Buffers.Binary;

namespace Training.TorchExtensions;

/// <summary>
/// Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header, then
/// the raw little-endian tensor bytes), the format Hugging Face uses for <c>model.safetensors</c>.
/// Files are written deterministically (the same tensors give byte-identical files) and atomically;
/// files are validated before any tensor is created, and a malformed file raises
/// <see cref="InvalidDataException"/> naming the file and the problem.
/// </summary>
public static class SafeTensors
{
    /// <summary>Writes <paramref name="tensors"/> (and optional string metadata) to <paramref name="path"/> atomically.</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        // Lay the header out first so a bad input (unsupported dtype, disposed tensor) fails before any file exists.
        var layout = SafeTensorsHeaderWriter.Build(tensors, metadata);
        AtomicFile.Write(path, stream => Write(layout, stream));
    }

    /// <summary>Writes <paramref name="tensors"/> (and optional string metadata) to <paramref name="stream"/>.</summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> tensors, Stream stream, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(stream);
        Write(SafeTensorsHeaderWriter.Build(tensors, metadata), stream);
    }

    /// <summary>The file as bytes (a convenience for small states and tests).</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var memory = new MemoryStream();
        Save(tensors, memory, metadata);
        return memory.ToArray();
    }

    private static void Write((byte[] Header, List<KeyValuePair<string, Tensor>> Order) layout, Stream stream)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)layout.Header.Length);
        stream.Write(prefix);
        stream.Write(layout.Header);
        foreach (var (_, tensor) in layout.Order) TensorBytes.With(tensor, bytes => stream.Write(bytes.Span));
    }

    /// <summary>Loads every tensor of the file at <paramref name="path"/> (new tensors, in the current dispose scope).</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        using var stream = SeekableStream.OpenFile(path);
        return LoadFrom(stream, path);
    }

    /// <summary>Loads every tensor from <paramref name="stream"/>, which holds a whole file from its current position.</summary>
    /// <param name="stream">The data; a non-seekable stream is buffered in memory first.</param>
    /// <param name="name">How error messages name the stream.</param>
    public static Dictionary<string, Tensor> Load(Stream stream, string name = "<stream>")
    {
        return SeekableStream.Read(stream, s => LoadFrom(s, name));
    }

    /// <summary>Reads and validates only the header of the file at <paramref name="path"/>.</summary>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        using var stream = SeekableStream.OpenFile(path);
        return SafeTensorsHeaderReader.Read(stream, path);
    }

    /// <summary>Reads and validates only the header from <paramref name="stream"/>, positioned at the start of the file (a non-seekable stream is buffered first).</summary>
    public static SafeTensorsHeader ReadHeader(Stream stream, string name = "<stream>")
    {
        return SeekableStream.Read(stream, s => SafeTensorsHeaderReader.Read(s, name));
    }

    private static Dictionary<string, Tensor> LoadFrom(Stream stream, string name)
    {
        var start = stream.Position;
        var header = SafeTensorsHeaderReader.Read(stream, name);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var info in header.Tensors.Values)
            {
                stream.Position = start + header.DataOffset + info.Begin;
                result.Add(info.Name, ReadTensor(stream, info));
            }
        }
        catch
        {
            foreach (var tensor in result.Values) tensor.Dispose();
            throw;
        }

        return result;
    }

    private static Tensor ReadTensor(Stream stream, SafeTensorInfo info)
    {
        if (info.ByteLength > Array.MaxLength)
            throw new NotSupportedException($"tensor '{info.Name}' has {info.ByteLength} bytes, more than the largest managed buffer");
        var length = (int)info.ByteLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            stream.ReadExactly(buffer, 0, length);
            return TensorBytes.Create([.. info.Shape], info.DType, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
