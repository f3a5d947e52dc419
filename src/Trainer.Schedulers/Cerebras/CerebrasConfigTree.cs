using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Training.Schedulers;

/// <summary>
/// Turns the shapes a Cerebras scheduler configuration arrives in (an <see cref="IConfigurationSection"/> bound
/// from appsettings.json, a <see cref="JsonNode"/>/<see cref="JsonElement"/>, or dictionaries and lists built in
/// code) into one plain tree: <see cref="Dictionary{TKey,TValue}"/> of string → value (ordinal, insertion order),
/// <see cref="List{T}"/> of values, and scalars (string, double, long, bool, null, or objects such as delegates and
/// <see cref="CerebrasSchedulerSpec"/>, which pass through).
/// </summary>
public static class CerebrasConfigTree
{
    /// <summary>The plain tree of <paramref name="node"/>.</summary>
    public static object? Normalize(object? node) => node switch
    {
        null => null,
        IConfigurationSection section => FromSection(section),
        JsonNode json => FromJson(json),
        JsonElement element => FromJson(JsonSerializer.SerializeToNode(element)),
        string or bool or double or long or Delegate or CerebrasSchedulerSpec => node,
        int i => (long)i,
        float f => (double)f,
        decimal m => (double)m,
        IDictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value), StringComparer.Ordinal),
        IReadOnlyDictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Normalize(kv.Value), StringComparer.Ordinal),
        IDictionary d => d.Keys.Cast<object>().ToDictionary(k => Convert.ToString(k, CultureInfo.InvariantCulture)!, k => Normalize(d[k]), StringComparer.Ordinal),
        IEnumerable e => e.Cast<object?>().Select(Normalize).ToList(),
        _ => node,
    };

    /// <summary>
    /// A configuration section: a leaf becomes its string value (an empty string, which is how configuration stores
    /// JSON null and empty arrays, becomes null); children numbered 0..n−1 become a list, other children a dictionary.
    /// </summary>
    private static object? FromSection(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0) return string.IsNullOrEmpty(section.Value) ? null : section.Value;
        var isList = children.Select((c, i) => c.Key == i.ToString(CultureInfo.InvariantCulture)).All(b => b);
        if (isList) return children.Select(FromSection).ToList();
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var child in children) result[child.Key] = FromSection(child);
        return result;
    }

    private static object? FromJson(JsonNode? json) => json switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => FromJson(kv.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<JsonElement>(out var e) => FromElement(e),
        _ => throw new FormatException($"unsupported JSON value {json.ToJsonString()}"),
    };

    private static object? FromElement(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number => e.GetDouble(),
        _ => FromJson(JsonNode.Parse(e.GetRawText())),
    };

    /// <summary>A value for messages: strings quoted, lists and dictionaries in JSON-like form.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IDictionary<string, object?> d => "{" + string.Join(", ", d.Select(kv => $"{kv.Key}: {Show(kv.Value)}")) + "}",
        IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Show)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
