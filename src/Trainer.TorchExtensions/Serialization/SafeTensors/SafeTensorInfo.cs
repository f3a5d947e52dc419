namespace Training.TorchExtensions;

/// <summary>One tensor's entry in a safetensors header.</summary>
public sealed class SafeTensorInfo
{
    /// <summary>Creates an entry; the reader validates the values before it builds one.</summary>
    public SafeTensorInfo(string name, ScalarType dtype, IReadOnlyList<long> shape, long begin, long end)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        Begin = begin;
        End = end;
    }

    /// <summary>The tensor's name (its key in the header).</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public ScalarType DType { get; }

    /// <summary>The size of every dimension.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The first byte of the tensor, relative to the start of the byte buffer.</summary>
    public long Begin { get; }

    /// <summary>One past the last byte of the tensor, relative to the start of the byte buffer.</summary>
    public long End { get; }

    /// <summary>The number of bytes the tensor occupies.</summary>
    public long ByteLength => End - Begin;
}
