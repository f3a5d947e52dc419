using System.Globalization;
using System.Text.Json;

namespace Training.Schedulers;

/// <summary>
/// <c>TrainingArguments.lr_scheduler_kwargs</c> given as text, read as Transformers reads it: a string starting with
/// <c>{</c> is decoded as JSON, then string values are converted recursively through nested objects
/// (<c>"true"</c>/<c>"false"</c> in any case → bool, all digits → int, digits with one '.' → float; other strings
/// stay strings). JSON integers become <see cref="long"/>, other numbers <see cref="double"/>, arrays lists, objects
/// dictionaries. The same string conversion applies to a dictionary bound from configuration, whose values are all
/// strings (<see cref="ConvertStrings"/>).
/// </summary>
public static class LrSchedulerKwargs
{
    /// <summary>The setting these arguments come from, the path of binding errors about them.</summary>
    public const string SettingName = "LrSchedulerKwargs";

    /// <summary>Decodes the setting; null or blank gives no arguments. Text that is not a JSON object is an error naming the setting.</summary>
    public static IReadOnlyDictionary<string, object?> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new Dictionary<string, object?>(StringComparer.Ordinal);
        // Transformers only decodes strings that start with '{'; anything else would reach get_scheduler as a
        // string and fail there, so it is rejected here with the reason.
        if (!text.StartsWith('{'))
            throw new ArgumentException($"{SettingName} must be a JSON object starting with '{{', got '{text}'");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{SettingName} = '{text}' is not a valid JSON object: {JsonReason(e)}", e);
        }

        using (document)
        {
            return ConvertStrings(Object(document.RootElement));
        }
    }

    /// <summary>Transformers' <c>_convert_str_dict</c>: converts string values (recursing into nested dictionaries) into bools and numbers.</summary>
    public static IReadOnlyDictionary<string, object?> ConvertStrings(IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            result[key] = value switch
            {
                IReadOnlyDictionary<string, object?> nested => ConvertStrings(nested),
                string s => ConvertString(s),
                _ => value,
            };
        }

        return result;
    }

    private static object ConvertString(string value)
    {
        var lower = value.ToLowerInvariant();
        if (lower is "true" or "false") return lower == "true";
        // Python's str.isdigit() / replace(".", "", 1).isdigit(): no sign, no exponent, at most one '.'.
        if (IsDigits(value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)) return integer;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && IsDigits(value.Remove(dot, 1))) return double.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return value;
    }

    private static bool IsDigits(string value) => value.Length > 0 && value.All(char.IsAsciiDigit);

    private static Dictionary<string, object?> Object(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new ArgumentException($"{SettingName} must be a JSON object, got {element.ValueKind}");
        return element.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value), StringComparer.Ordinal);
    }

    private static object? Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => Object(element),
        JsonValueKind.Array => element.EnumerateArray().Select(Value).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        // Python's json gives int for integer literals and float for anything with '.', 'e' or 'E'.
        _ => element.GetRawText().IndexOfAny(['.', 'e', 'E']) < 0 && element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
    };

    // System.Text.Json's message ends with "LineNumber: 0 | BytePositionInLine: 1."; the character position is enough.
    private static string JsonReason(JsonException e)
    {
        var reason = e.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) reason = reason[..cut].TrimEnd('.', ' ');
        return e.BytePositionInLine is long at ? $"{reason} (at character {at + 1})" : reason;
    }
}
