using System.Text.Json.Nodes;

namespace Training.Integrations.Tests.Golden;

/// <summary>JSON values of integrations.json as the types parameter groups hold.</summary>
public static class CaseValues
{
    /// <summary>Options under the upstream keys: numbers → double, lists → double[], bools, strings, null.</summary>
    public static Dictionary<string, object?> Options(JsonObject? options)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (options is null) return result;
        foreach (var (key, value) in options) result[key] = Value(value);
        return result;
    }

    /// <summary>One JSON value as a group value.</summary>
    public static object? Value(JsonNode? value) => value switch
    {
        null => null,
        JsonArray array => GoldenFiles.Flatten(array),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) && s is not ("NaN" or "Infinity" or "-Infinity") => s,
        _ => GoldenFiles.Number(value),
    };

    /// <summary>A state tensor record {shape, dtype, data} as a tensor of its dtype.</summary>
    public static Tensor Tensor(JsonNode record)
    {
        var shape = record["shape"]!.AsArray().Select(v => (long)v!).ToArray();
        var dtype = DType((string)record["dtype"]!);
        return torch.tensor(GoldenFiles.Flatten(record["data"]), shape, dtype);
    }

    /// <summary>A torch dtype name as a <see cref="ScalarType"/>.</summary>
    public static ScalarType DType(string name) => name switch
    {
        "float32" => ScalarType.Float32,
        "float64" => ScalarType.Float64,
        "bfloat16" => ScalarType.BFloat16,
        "float16" => ScalarType.Float16,
        "uint8" => ScalarType.Byte,
        "int8" => ScalarType.Int8,
        "int16" => ScalarType.Int16,
        "int32" => ScalarType.Int32,
        "int64" => ScalarType.Int64,
        _ => throw new InvalidDataException($"unknown dtype '{name}'"),
    };

    /// <summary>True for a {shape, dtype, data} record.</summary>
    public static bool IsTensorRecord(JsonNode? node) => node is JsonObject o && o.ContainsKey("shape") && o.ContainsKey("data");
}
