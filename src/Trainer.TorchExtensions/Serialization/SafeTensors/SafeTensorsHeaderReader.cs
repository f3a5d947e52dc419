using System.Buffers.Binary;
using System.Text.Json;

namespace Training.TorchExtensions;

/// <summary>
/// Reads and validates a safetensors header with the rules of the reference implementation: every
/// entry well typed, sizes consistent with dtype and shape, and the tensors tiling the byte buffer
/// exactly (no gaps, no overlaps, nothing past the end), so a file that passes can be loaded blindly.
/// </summary>
internal sealed class SafeTensorsHeaderReader
{
    /// <summary>The reference implementation's limit; a larger length means a corrupt or hostile file.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private readonly string name;
    private readonly long bufferLength;

    private SafeTensorsHeaderReader(string name, long bufferLength)
    {
        this.name = name;
        this.bufferLength = bufferLength;
    }

    /// <summary>Reads the header at the stream's current position (the start of the file); leaves the position after it.</summary>
    public static SafeTensorsHeader Read(Stream stream, string name)
    {
        var fileLength = stream.Length - stream.Position;
        if (fileLength < 8)
            throw FormatErrors.SafeTensors(name, $"the file is {fileLength} bytes long, shorter than the 8-byte header length");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
            throw FormatErrors.SafeTensors(name, $"the header length {headerLength} is larger than the limit of {MaxHeaderLength} bytes");
        if (headerLength > (ulong)(fileLength - 8))
            throw FormatErrors.SafeTensors(name, $"the header length {headerLength} runs past the end of the file ({fileLength} bytes)");
        var json = new byte[headerLength];
        stream.ReadExactly(json);
        return new SafeTensorsHeaderReader(name, fileLength - 8 - (long)headerLength).Parse(json);
    }

    private SafeTensorsHeader Parse(byte[] json)
    {
        // JsonDocument checks UTF-8 only when a string is read, too late for a clean error.
        if (!System.Text.Unicode.Utf8.IsValid(json)) throw Bad("the header is not valid UTF-8 JSON (invalid UTF-8 bytes)");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw FormatErrors.SafeTensors(name, $"the header is not valid UTF-8 JSON ({e.Message})", e);
        }

        var entries = new List<SafeTensorInfo>();
        IReadOnlyDictionary<string, string> metadata = new Dictionary<string, string>();
        using (document)
        {
            foreach (var (key, value) in Properties(document.RootElement, "the header"))
            {
                if (key == MetadataKey) metadata = ReadMetadata(value);
                else entries.Add(ReadEntry(key, value));
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        CheckTiling(entries);
        return new SafeTensorsHeader(entries.ToDictionary(e => e.Name, StringComparer.Ordinal), metadata, json.Length);
    }

    /// <summary>The members of a JSON object; duplicate keys are refused because their meaning is ambiguous.</summary>
    private List<KeyValuePair<string, JsonElement>> Properties(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Bad($"{what} must be a JSON object, not {Describe(element)}");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<KeyValuePair<string, JsonElement>>();
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name)) throw Bad($"the key '{property.Name}' appears more than once in {what}");
            result.Add(new(property.Name, property.Value));
        }

        return result;
    }

    private Dictionary<string, string> ReadMetadata(JsonElement element)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Null) return metadata;
        foreach (var (key, value) in Properties(element, $"'{MetadataKey}'"))
        {
            if (value.ValueKind != JsonValueKind.String)
                throw Bad($"the metadata value of '{key}' must be a string, not {Describe(value)}");
            metadata[key] = value.GetString()!;
        }

        return metadata;
    }

    private SafeTensorInfo ReadEntry(string tensor, JsonElement element)
    {
        var fields = Properties(element, $"the entry of tensor '{tensor}'").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var dtypeElement = Field(fields, tensor, "dtype", JsonValueKind.String);
        var code = dtypeElement.GetString()!;
        if (!SafeTensorsDType.Codes.TryParse(code, out var dtype))
            throw Bad($"tensor '{tensor}' has the unknown or unsupported dtype '{code}'");
        var shape = Integers(Field(fields, tensor, "shape", JsonValueKind.Array), tensor, "shape");
        var offsets = Integers(Field(fields, tensor, "data_offsets", JsonValueKind.Array), tensor, "data_offsets");
        if (offsets.Length != 2)
            throw Bad($"tensor '{tensor}' has {offsets.Length} data_offsets, expected 2 ([begin, end])");
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end) throw Bad($"tensor '{tensor}' has data_offsets [{begin}, {end}] whose begin is after its end");
        if (end > bufferLength)
            throw Bad($"tensor '{tensor}' has data_offsets [{begin}, {end}] outside the {bufferLength}-byte data buffer");
        var expected = ExpectedBytes(tensor, shape, dtype);
        if (expected != end - begin)
            throw Bad($"tensor '{tensor}' of dtype {code} and shape [{string.Join(", ", shape)}] needs {expected} bytes, but its data_offsets [{begin}, {end}] span {end - begin}");
        return new SafeTensorInfo(tensor, dtype, shape, begin, end);
    }

    private JsonElement Field(Dictionary<string, JsonElement> fields, string tensor, string field, JsonValueKind kind)
    {
        if (!fields.TryGetValue(field, out var value)) throw Bad($"tensor '{tensor}' has no '{field}'");
        if (value.ValueKind != kind)
            throw Bad($"tensor '{tensor}' has a '{field}' that is {Describe(value)}, expected a JSON {kind.ToString().ToLowerInvariant()}");
        return value;
    }

    private long[] Integers(JsonElement array, string tensor, string field)
    {
        var result = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var value))
                throw Bad($"tensor '{tensor}' has a '{field}' entry {item.GetRawText()} that is not an integer");
            if (value < 0) throw Bad($"tensor '{tensor}' has a negative '{field}' entry {value}");
            result[i++] = value;
        }

        return result;
    }

    private long ExpectedBytes(string tensor, long[] shape, ScalarType dtype)
    {
        try
        {
            long bytes = dtype.ElementSize();
            foreach (var size in shape) bytes = checked(bytes * size);
            return bytes;
        }
        catch (OverflowException)
        {
            throw Bad($"tensor '{tensor}' has a shape [{string.Join(", ", shape)}] whose size overflows 64 bits");
        }
    }

    /// <summary>The tensors, sorted by offset, must cover the buffer from 0 to its end exactly once.</summary>
    private void CheckTiling(List<SafeTensorInfo> entries)
    {
        var byOffset = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long covered = 0;
        SafeTensorInfo? previous = null;
        foreach (var entry in byOffset)
        {
            if (entry.Begin < covered)
                throw Bad($"tensor '{entry.Name}' at [{entry.Begin}, {entry.End}] overlaps tensor '{previous!.Name}' at [{previous.Begin}, {previous.End}]");
            if (entry.Begin > covered)
                throw Bad($"bytes [{covered}, {entry.Begin}) of the data buffer belong to no tensor (a gap before '{entry.Name}')");
            covered = entry.End;
            previous = entry;
        }

        if (covered != bufferLength)
            throw Bad($"bytes [{covered}, {bufferLength}) at the end of the data buffer belong to no tensor");
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private InvalidDataException Bad(string problem) => FormatErrors.SafeTensors(name, problem);
}
