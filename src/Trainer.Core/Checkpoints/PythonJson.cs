using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Training.Core;

/// <summary>
/// JSON as Python's <c>json</c> module writes it for Transformers (<c>json.dumps(..., indent=2, sort_keys=True)</c>):
/// keys sorted at every level, and non-finite floats as the bare tokens <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.
/// Those tokens are not JSON, and System.Text.Json refuses them (its named-literal option writes quoted strings, which
/// Python then reads as strings), so they are written raw and, on reading, turned into marker strings before the
/// standard reader sees the text. A NaN loss in the log history therefore never stops a checkpoint from being saved.
/// </summary>
internal static class PythonJson
{
    // Strings no Python-written file contains (a leading NUL), standing in for the bare tokens while reading.
    private const char Marker = '\0';
    private static readonly string[] Tokens = ["-Infinity", "Infinity", "NaN"];

    /// <summary>Indented, keys of objects and dictionaries sorted ordinally, non-finite doubles as Python writes them.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Converters = { new PythonFloatConverter(), new SortedDictionaryConverterFactory() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SortProperties } },
    };

    /// <summary>The JSON of <paramref name="value"/>, ending in a newline as Transformers' files do.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    /// <summary>Reads text that may hold Python's bare non-finite tokens.</summary>
    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(MarkNonFinite(json), Options);

    /// <summary>
    /// Replaces every bare <c>NaN</c>/<c>Infinity</c>/<c>-Infinity</c> outside strings by a marker string the float
    /// converter reads back; anything else is left to the standard reader to accept or reject.
    /// </summary>
    internal static string MarkNonFinite(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        StringBuilder? output = null;
        var copied = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }

            if (c == '"')
            {
                inString = true;
                continue;
            }

            if (c is not ('N' or 'I' or '-')) continue;
            var token = Array.Find(Tokens, t => string.CompareOrdinal(json, i, t, 0, t.Length) == 0);
            if (token is null) continue;
            output ??= new StringBuilder(json.Length + 16);
            output.Append(json, copied, i - copied).Append("\"\\u0000").Append(token).Append('"');
            i += token.Length - 1;
            copied = i + 1;
        }

        return output is null ? json : output.Append(json, copied, json.Length - copied).ToString();
    }

    private static void SortProperties(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        var order = 0;
        foreach (var property in info.Properties.OrderBy(p => p.Name, StringComparer.Ordinal).ToList()) property.Order = order++;
    }

    /// <summary>Doubles: finite ones as numbers; non-finite ones as Python's bare tokens (and read back from them).</summary>
    private sealed class PythonFloatConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number) return reader.GetDouble();
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return text switch
            {
                [Marker, .. "NaN"] => double.NaN,
                [Marker, .. "Infinity"] => double.PositiveInfinity,
                [Marker, .. "-Infinity"] => double.NegativeInfinity,
                _ => throw new JsonException($"expected a number (or NaN, Infinity, -Infinity), found {(text is null ? reader.TokenType.ToString() : $"the string \"{text}\"")}"),
            };
        }

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteRawValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity", skipInputValidation: true);
        }
    }

    /// <summary>String-keyed dictionaries written with sorted keys (Python's <c>sort_keys</c> reaches nested dicts).</summary>
    private sealed class SortedDictionaryConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Dictionary<,>) &&
            typeToConvert.GetGenericArguments()[0] == typeof(string);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(SortedDictionaryConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[1]))!;
    }

    private sealed class SortedDictionaryConverter<TValue> : JsonConverter<Dictionary<string, TValue>>
    {
        public override Dictionary<string, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected an object, found {reader.TokenType}");
            var result = new Dictionary<string, TValue>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var key = reader.GetString()!;
                reader.Read();
                // Python's json keeps the last of duplicate keys; so does this.
                result[key] = JsonSerializer.Deserialize<TValue>(ref reader, options)!;
            }

            return result;
        }

        public override void Write(Utf8JsonWriter writer, Dictionary<string, TValue> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (key, item) in value.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                JsonSerializer.Serialize(writer, item, options);
            }

            writer.WriteEndObject();
        }
    }
}
