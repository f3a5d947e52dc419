using System.Globalization;

namespace Training.Optim;

/// <summary>
/// <c>TrainingArguments.OptimArgs</c> parsed as Transformers does ("k=v,k=v": every space removed, split on
/// commas, each item split on exactly one '='). Values stay strings; typed getters convert and report the
/// key and value on failure.
/// </summary>
public sealed class OptimArgs
{
    /// <summary>The configuration key these arguments come from, named in every error.</summary>
    public const string SettingName = "OptimArgs";

    private readonly Dictionary<string, string> values;

    private OptimArgs(Dictionary<string, string> values, string source)
    {
        this.values = values;
        Source = source;
    }

    /// <summary>No arguments.</summary>
    public static OptimArgs Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), "");

    /// <summary>The text the arguments were parsed from.</summary>
    public string Source { get; }

    /// <summary>Every key=value pair.</summary>
    public IReadOnlyDictionary<string, string> Values => values;

    /// <summary>Parses "k=v,k=v"; null or empty gives no arguments.</summary>
    public static OptimArgs Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Empty;
        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in compact.Split(','))
        {
            var parts = item.Split('=');
            if (parts.Length != 2 || parts[0].Length == 0)
                throw new OptimArgsFormatException(
                    $"{SettingName}: item '{item}' is not of the form key=value (in {SettingName}='{text}')");
            result[parts[0]] = parts[1];
        }

        return new OptimArgs(result, text);
    }

    /// <summary>True when the key was given.</summary>
    public bool Contains(string key) => values.ContainsKey(key);

    /// <summary>The raw string, or <paramref name="fallback"/>.</summary>
    public string GetString(string key, string fallback)
    {
        return values.TryGetValue(key, out var v) ? v : fallback;
    }

    /// <summary>An integer (Python's <c>int()</c>).</summary>
    public int GetInt(string key, int fallback) =>
        Convert(key, fallback, v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture), "an integer");

    /// <summary>A float (Python's <c>float()</c>).</summary>
    public double GetDouble(string key, double fallback) =>
        Convert(key, fallback, v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture), "a number");

    /// <summary>A nullable float: absent gives <paramref name="fallback"/>.</summary>
    public double? GetNullableDouble(string key, double? fallback) =>
        values.ContainsKey(key) ? GetDouble(key, 0) : fallback;

    /// <summary>A boolean by <c>strtobool</c> (y/yes/t/true/on/1 and n/no/f/false/off/0, any case).</summary>
    public bool GetBool(string key, bool fallback) => Convert(key, fallback, ParseBool, "a boolean (true/false)");

    /// <summary>Converts a raw value the way Python's <c>ast.literal_eval</c> would for these kinds: bool, number, tuple of numbers, None, else the string.</summary>
    public static object? LiteralEval(string value)
    {
        if (value is "None") return null;
        if (value is "True") return true;
        if (value is "False") return false;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number;
        if (value.Length >= 2 && (value[0], value[^1]) is ('(', ')') or ('[', ']'))
        {
            var items = value[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries);
            var parsed = new double[items.Length];
            for (var i = 0; i < items.Length; i++)
                if (!double.TryParse(items[i], NumberStyles.Float, CultureInfo.InvariantCulture, out parsed[i])) return value;
            return parsed;
        }

        return value;
    }

    private static bool ParseBool(string value) => value.ToLowerInvariant() switch
    {
        "y" or "yes" or "t" or "true" or "on" or "1" => true,
        "n" or "no" or "f" or "false" or "off" or "0" => false,
        _ => throw new FormatException(),
    };

    private T Convert<T>(string key, T fallback, Func<string, T> parse, string expected)
    {
        if (!values.TryGetValue(key, out var raw)) return fallback;
        try
        {
            return parse(raw);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new OptimArgsFormatException($"{SettingName}: '{key}={raw}' is not {expected}");
        }
    }

    /// <summary>
    /// The error for a key <paramref name="optimizerName"/> does not take: one wording for every optimizer, naming
    /// the closest accepted key and all of them.
    /// </summary>
    public static OptimArgsFormatException NotAnArgument(string key, string optimizerName, IEnumerable<string> accepted)
    {
        var keys = accepted.ToList();
        var closest = ClosestName.Find(key, keys);
        var hint = closest is null ? "" : $"; did you mean '{closest}'?";
        return new OptimArgsFormatException($"{SettingName}: '{key}' is not an argument of {optimizerName}{hint} (it takes: {string.Join(", ", keys)})");
    }

    /// <inheritdoc/>
    public override string ToString() => Source;
}

/// <summary>A malformed <c>OptimArgs</c> setting; the message names the setting, the item and the value.</summary>
public sealed class OptimArgsFormatException(string message) : FormatException(message);
