using System.Collections;
using System.Globalization;

namespace Training.Optim;

/// <summary>
/// The one conversion table from raw argument values to typed ones, used for <c>OptimArgs</c> text, configuration
/// strings, JSON values of <c>LrSchedulerKwargs</c> and Cerebras configuration nodes alike, so a value means the same
/// wherever it is written:
/// <list type="bullet">
/// <item>numbers: any .NET number, or text in invariant culture (<c>1e-3</c>); NaN and ±∞ are refused;</item>
/// <item>integers: a number with no fractional part (<c>4</c>, <c>4.0</c>, <c>"4.0"</c>);</item>
/// <item>flags: a bool, 0/1, or Python's <c>strtobool</c> words (y/yes/t/true/on/1, n/no/f/false/off/0, any case);</item>
/// <item>pairs and lists: a sequence, or text <c>(a, b)</c> / <c>[a, b]</c> (and for lists a single number);</item>
/// <item><c>None</c> (any case), <c>null</c> or an empty text is None, valid only for a nullable argument.</item>
/// </list>
/// </summary>
public static class ArgumentCoercion
{
    /// <summary>Converts <paramref name="raw"/> for <paramref name="spec"/>; false with the expected form when it cannot.</summary>
    public static bool TryCoerce(ArgumentSpec spec, object? raw, out object? value, out string expected)
    {
        ArgumentNullException.ThrowIfNull(spec);
        expected = Expected(spec);
        value = null;
        if (spec.Kind == ArgumentKind.Any)
        {
            value = raw;
            return true;
        }

        if (IsNone(raw)) return spec.Nullable;
        value = spec.Kind switch
        {
            ArgumentKind.Number => Number(raw),
            ArgumentKind.Integer => Integer(raw),
            ArgumentKind.Flag => Flag(raw),
            ArgumentKind.Text => raw as string,
            ArgumentKind.Pair => Numbers(raw, single: false) is { Length: 2 } pair ? pair : null,
            ArgumentKind.Numbers => Numbers(raw, single: true),
            ArgumentKind.Integers => Numbers(raw, single: true) is { } list && list.All(IsWhole) ? list.Select(v => (long)v).ToArray() : null,
            ArgumentKind.NumberOrNumbers => IsList(raw) ? Numbers(raw, single: false) : Number(raw),
            _ => null,
        };
        return value is not null;
    }

    private static string Expected(ArgumentSpec spec) => spec.Kind switch
    {
        ArgumentKind.Number => "a finite number",
        ArgumentKind.Integer => "an integer",
        ArgumentKind.Flag => "a boolean (true/false)",
        ArgumentKind.Text => "a string",
        ArgumentKind.Pair => "a pair of finite numbers such as (0.9, 0.999)",
        ArgumentKind.Numbers => "a list of finite numbers",
        ArgumentKind.Integers => "a list of integers",
        ArgumentKind.NumberOrNumbers => "a finite number or a list of finite numbers (one per group)",
        _ => "a value",
    } + (spec.Nullable ? " or None" : "");

    private static bool IsNone(object? raw) =>
        raw is null || raw is string s && (s.Trim().Length == 0 || s.Trim().Equals("None", StringComparison.OrdinalIgnoreCase) || s.Trim() == "null");

    private static bool IsList(object? raw) =>
        raw is string s ? s.TrimStart().StartsWith('[') || s.TrimStart().StartsWith('(') : raw is IEnumerable;

    // "(a, b)" or "[a, b]" with matching brackets; anything else is not list text.
    private static string? ListBody(string text)
    {
        var t = text.Trim();
        return t.Length >= 2 && (t[0], t[^1]) is ('(', ')') or ('[', ']') ? t[1..^1] : null;
    }

    private static bool IsWhole(double v) => v == Math.Floor(v) && Math.Abs(v) < 9.2e18;

    private static object? Number(object? raw)
    {
        double? d = raw switch
        {
            double x => x,
            float x => x,
            long x => x,
            int x => x,
            short x => x,
            decimal x => (double)x,
            string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) => x,
            _ => null,
        };
        return d is { } v && double.IsFinite(v) ? v : null;
    }

    private static object? Integer(object? raw) => raw switch
    {
        long l => l,
        int i => (long)i,
        _ => Number(raw) is double d && IsWhole(d) ? (long)d : null,
    };

    private static object? Flag(object? raw) => raw switch
    {
        bool b => b,
        long or int or double when Number(raw) is double d && (d == 0 || d == 1) => d == 1,
        string s => s.Trim().ToLowerInvariant() switch
        {
            "y" or "yes" or "t" or "true" or "on" or "1" => true,
            "n" or "no" or "f" or "false" or "off" or "0" => false,
            _ => null,
        },
        _ => null,
    };

    private static double[]? Numbers(object? raw, bool single)
    {
        IEnumerable<object?>? items = raw switch
        {
            string s when ListBody(s) is { } body => body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            string => null,
            double[] a => a.Cast<object?>(),
            IEnumerable e => e.Cast<object?>(),
            _ => null,
        };
        if (items is null) return single && Number(raw) is double one ? [one] : null;
        var result = new List<double>();
        foreach (var item in items)
        {
            if (Number(item) is not double d) return null;
            result.Add(d);
        }

        return [.. result];
    }
}
