namespace Training.Optim;

/// <summary>
/// <c>TrainingArguments.OptimArgs</c> parsed as Transformers does ("k=v,k=v": every space removed, split on
/// commas, each item split on exactly one '='). Values stay strings: an entry's declared
/// <see cref="ArgumentSchema"/> converts and checks them (<see cref="ArgumentSchema.Bind(OptimArgs)"/>), with the one
/// conversion table every setting shares.
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

    /// <inheritdoc/>
    public override string ToString() => Source;
}

/// <summary>A malformed <c>OptimArgs</c> setting; the message names the setting, the item and the value.</summary>
public sealed class OptimArgsFormatException(string message) : FormatException(message);
