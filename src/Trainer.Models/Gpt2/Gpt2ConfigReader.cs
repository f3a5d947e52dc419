using System.Text.Json;
using System.Text.Json.Nodes;

namespace Training.Models;

/// <summary>
/// Reads typed fields of a <c>config.json</c> object; a field of the wrong JSON type raises
/// <see cref="Gpt2ConfigException"/> naming the file, the key and the value found. A missing field (or, for the
/// non-nullable ones, a null) takes the given default, as Transformers' <c>GPT2Config</c> does.
/// </summary>
internal sealed class Gpt2ConfigReader(JsonObject root, string? source)
{
    public void Require(string key)
    {
        if (!root.TryGetPropertyValue(key, out var value) || value is null)
            throw new Gpt2ConfigException(source, key, null, "is missing: a GPT-2 config.json names vocab_size, n_positions, n_embd, n_layer and n_head");
    }

    public int Int(string key, int fallback) => NullableInt(key, null) ?? fallback;

    public int? NullableInt(string key, int? fallback)
    {
        if (!root.TryGetPropertyValue(key, out var node)) return fallback;
        if (node is null) return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            if (value.TryGetValue(out int whole)) return whole;
            // Python writes 768 for an int; 768.0 still names a whole number, so it is accepted as one.
            if (value.TryGetValue(out double number) && number == Math.Floor(number) && Math.Abs(number) <= int.MaxValue) return (int)number;
        }

        throw Mistyped(key, node, "must be a whole number");
    }

    public double Double(string key, double fallback)
    {
        if (!root.TryGetPropertyValue(key, out var node) || node is null) return fallback;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out double number)) return number;
        throw Mistyped(key, node, "must be a number");
    }

    public bool Bool(string key, bool fallback)
    {
        if (!root.TryGetPropertyValue(key, out var node) || node is null) return fallback;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Mistyped(key, node, "must be true or false"),
        };
    }

    public string String(string key, string fallback)
    {
        if (!root.TryGetPropertyValue(key, out var node) || node is null) return fallback;
        if (node.GetValueKind() == JsonValueKind.String) return node.GetValue<string>();
        throw Mistyped(key, node, "must be a string");
    }

    public IReadOnlyList<string> Strings(string key, IReadOnlyList<string> fallback)
    {
        if (!root.TryGetPropertyValue(key, out var node) || node is null) return fallback;
        if (node is JsonArray array && array.All(item => item?.GetValueKind() == JsonValueKind.String))
            return [.. array.Select(item => item!.GetValue<string>())];
        throw Mistyped(key, node, "must be a list of strings");
    }

    private Gpt2ConfigException Mistyped(string key, JsonNode node, string problem) =>
        new(source, key, node.ToJsonString(), problem);
}
