using System.Text.Encodings.Web;
using System.Text.Json;

namespace Training.TorchExtensions;

/// <summary>
/// Lays out a safetensors file: tensors in ordinal name order, back to back from offset 0, and the
/// compact JSON header padded with spaces to a multiple of 8 so the buffer starts 8-byte aligned.
/// The layout depends only on the names, dtypes and shapes, so equal states give identical bytes.
/// </summary>
internal static class SafeTensorsHeaderWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Escape only what JSON requires (as the reference's serde_json does), so names stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>The padded header bytes and the tensors in the order their bytes must follow it.</summary>
    public static (byte[] Header, List<KeyValuePair<string, Tensor>> Order) Build(
        IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var order = tensors.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, Options))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 }) WriteMetadata(writer, metadata);
            long offset = 0;
            foreach (var (name, tensor) in order)
            {
                if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved and cannot name a tensor", nameof(tensors));
                ArgumentNullException.ThrowIfNull(tensor, $"{nameof(tensors)}[{name}]");
                TensorBytes.ThrowIfDisposed(tensor, $"{nameof(tensors)}[{name}]");
                var length = TensorBytes.ByteCount(tensor);
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SafeTensorsDType.Codes.NameOf(tensor.dtype));
                writer.WriteStartArray("shape");
                foreach (var size in tensor.shape) writer.WriteNumberValue(size);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + length);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += length;
            }

            writer.WriteEndObject();
        }

        var padded = (json.Length + 7) / 8 * 8;
        while (json.Length < padded) json.WriteByte((byte)' ');
        return (json.ToArray(), order);
    }

    private static void WriteMetadata(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> metadata)
    {
        writer.WriteStartObject("__metadata__");
        foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value ?? throw new ArgumentException($"metadata value '{key}' is null", nameof(metadata)));
        }

        writer.WriteEndObject();
    }
}
