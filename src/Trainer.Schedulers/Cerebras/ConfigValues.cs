using System.Collections;
using System.Globalization;

namespace Training.Schedulers;

/// <summary>
/// Typed reading of plain-tree values (see <see cref="CerebrasConfigTree"/>): numbers may arrive as numbers or, from
/// configuration, as invariant-culture strings. Each reader returns false when the value has another type.
/// </summary>
internal static class ConfigValues
{
    public static bool TryDouble(object? value, out double result)
    {
        switch (value)
        {
            case double d: result = d; return true;
            case long l: result = l; return true;
            case int i: result = i; return true;
            case float f: result = f; return true;
            case string s: return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out result);
            default: result = 0; return false;
        }
    }

    public static bool TryLong(object? value, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case int i: result = i; return true;
            case string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out result): return true;
        }

        // Integral floats (4.0, "4.0") are accepted: YAML and JSON writers often emit them.
        if (TryDouble(value, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            result = (long)d;
            return true;
        }

        result = 0;
        return false;
    }

    public static bool TryBool(object? value, out bool result)
    {
        switch (value)
        {
            case bool b: result = b; return true;
            case string s: return bool.TryParse(s, out result);
            default: result = false; return false;
        }
    }

    /// <summary>A list value; a scalar counts as a list of one (configuration cannot tell them apart for one element).</summary>
    public static IReadOnlyList<object?>? AsList(object? value) => value switch
    {
        null => null,
        string or IDictionary<string, object?> => [value],
        IEnumerable e => e.Cast<object?>().ToList(),
        _ => [value],
    };

    /// <summary>Python truthiness of a configuration value (null, false, 0, "", empty collections are false).</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        double d => d != 0,
        long l => l != 0,
        ICollection c => c.Count > 0,
        _ => true,
    };
}
