namespace Training.TorchExtensions;

/// <summary>The validated header of a safetensors file: where each tensor lives and the free-form metadata.</summary>
public sealed class SafeTensorsHeader
{
    internal SafeTensorsHeader(IReadOnlyDictionary<string, SafeTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata, long headerLength)
    {
        Tensors = tensors;
        Metadata = metadata;
        HeaderLength = headerLength;
    }

    /// <summary>The tensors by name, in ordinal name order.</summary>
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors { get; }

    /// <summary>The <c>__metadata__</c> entries (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The length of the JSON header in bytes (including its padding).</summary>
    public long HeaderLength { get; }

    /// <summary>The file offset of the byte buffer: the 8-byte length prefix plus the header.</summary>
    public long DataOffset => 8 + HeaderLength;

    /// <summary>The length of the byte buffer (every tensor's bytes, back to back).</summary>
    public long DataLength => Tensors.Count == 0 ? 0 : Tensors.Values.Max(t => t.End);
}
