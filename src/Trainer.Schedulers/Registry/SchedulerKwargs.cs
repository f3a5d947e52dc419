using System.Collections;
using System.Globalization;

namespace Training.Schedulers;

/// <summary>
/// Scheduler-specific arguments (<c>TrainingArguments.LrSchedulerKwargs</c>), read with typed getters that name
/// the key and value on failure. Values may be numbers, booleans, strings (as configuration binds them) or
/// lists. <see cref="EnsureOnly"/> rejects keys a scheduler does not take, as Transformers does.
/// </summary>
public sealed class SchedulerKwargs
{
    /// <summary>The configuration key these arguments come from.</summary>
    public const string SettingName = "LrSchedulerKwargs";

    private readonly IReadOnlyDictionary<string, object?> values;

    /// <summary>Wraps a dictionary of arguments.</summary>
    public SchedulerKwargs(IReadOnlyDictionary<string, object?>? values) =>
        this.values = values ?? new Dictionary<string, object?>();

    /// <summary>No arguments.</summary>
    public static SchedulerKwargs Empty { get; } = new(null);

    /// <summary>The raw arguments.</summary>
    public IReadOnlyDictionary<string, object?> Values => values;

    /// <summary>True when the key was given.</summary>
    public bool Contains(string key) => values.ContainsKey(key);

    /// <summary>Throws when a key outside <paramref name="accepted"/> was given, naming it and the accepted ones.</summary>
    public void EnsureOnly(string schedulerName, params string[] accepted)
    {
        var unexpected = values.Keys.Where(k => !accepted.Contains(k)).ToList();
        if (unexpected.Count == 0) return;
        var takes = accepted.Length == 0 ? "no arguments" : string.Join(", ", accepted);
        var closest = Training.Optim.ClosestName.Find(unexpected[0], accepted);
        var hint = closest is null ? "" : $"; did you mean '{closest}'?";
        throw new ArgumentException(
            $"{SettingName}: {schedulerName} got an unexpected keyword argument '{unexpected[0]}'{hint} (it takes {takes})", SettingName);
    }

    /// <summary>A number (strings are parsed invariantly).</summary>
    public double GetDouble(string key, double fallback) => TryGet(key, out var v) ? ToDouble(key, v) : fallback;

    /// <summary>A nullable number.</summary>
    public double? GetNullableDouble(string key, double? fallback = null) =>
        TryGet(key, out var v) ? (v is null ? null : ToDouble(key, v)) : fallback;

    /// <summary>An integer.</summary>
    public long GetLong(string key, long fallback) => TryGet(key, out var v) ? ToLong(key, v) : fallback;

    /// <summary>A nullable integer.</summary>
    public long? GetNullableLong(string key, long? fallback = null) =>
        TryGet(key, out var v) ? (v is null ? null : ToLong(key, v)) : fallback;

    /// <summary>A boolean ("true"/"false" strings accepted).</summary>
    public bool GetBool(string key, bool fallback)
    {
        if (!TryGet(key, out var v)) return fallback;
        return v switch
        {
            bool b => b,
            string s when bool.TryParse(s, out var b) => b,
            _ => throw Invalid(key, v, "a boolean"),
        };
    }

    /// <summary>A string.</summary>
    public string GetString(string key, string fallback) => TryGet(key, out var v) ? v?.ToString() ?? fallback : fallback;

    /// <summary>A nullable string.</summary>
    public string? GetNullableString(string key, string? fallback = null) => TryGet(key, out var v) ? v?.ToString() : fallback;

    /// <summary>A list of numbers (a single number counts as a list of one).</summary>
    public IReadOnlyList<double>? GetDoubles(string key)
    {
        if (!TryGet(key, out var v) || v is null) return null;
        return v switch
        {
            string s => s.Trim('[', ']', '(', ')').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => ToDouble(key, x)).ToList(),
            IEnumerable e => e.Cast<object?>().Select(x => ToDouble(key, x)).ToList(),
            _ => [ToDouble(key, v)],
        };
    }

    /// <summary>
    /// A bound for every group or per group (Python's <c>float | list[float]</c>): a list (or a "[a, b]" string)
    /// gives one value per group, a single number the same value for all.
    /// </summary>
    public GroupValues GetPerGroup(string key, GroupValues fallback) => TryGet(key, out var v) ? PerGroup(key, v) : fallback;

    /// <summary>As <see cref="GetPerGroup"/>, but null when the key is absent or null (PyTorch's <c>None</c>).</summary>
    public GroupValues? GetNullablePerGroup(string key) => TryGet(key, out var v) && v is not null ? PerGroup(key, v) : null;

    // The one "float or list" rule: a list, or a "[a, b]" / "(a, b)" string, is per group; anything else one number.
    private GroupValues PerGroup(string key, object? v)
    {
        var isList = v is string s ? s.TrimStart().StartsWith('[') || s.TrimStart().StartsWith('(') : v is IEnumerable;
        return isList ? GroupValues.PerGroup(GetDoubles(key)!) : GroupValues.Scalar(ToDouble(key, v));
    }

    private bool TryGet(string key, out object? value) => values.TryGetValue(key, out value);

    // A NaN or infinite argument would reach the learning rate (power=NaN makes every rate NaN): refused here.
    private static double ToDouble(string key, object? v)
    {
        var d = ToAnyDouble(key, v);
        return double.IsFinite(d) ? d : throw Invalid(key, v, "a finite number");
    }

    private static double ToAnyDouble(string key, object? v) => v switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        decimal m => (double)m,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw Invalid(key, v, "a number"),
    };

    private static long ToLong(string key, object? v) => v switch
    {
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => throw Invalid(key, v, "an integer"),
    };

    private static ArgumentException Invalid(string key, object? value, string expected) =>
        new($"{SettingName}: '{key}' = '{value}' is not {expected}", SettingName);
}
