using System.Globalization;

namespace Training.Optim;

/// <summary>
/// A check on one argument's typed value, shared by binding (a value given in <c>OptimArgs</c> or configuration) and
/// by parameter-group validation (the merged value of every group), so both give the same message. A rule returns
/// the problem as text, or null when the value is valid.
/// </summary>
public abstract record ArgumentRule
{
    /// <summary>Finite and ≥ 0.</summary>
    public static ArgumentRule NonNegative { get; } = new RangeRule(0, double.PositiveInfinity, LowInclusive: true, "must be a finite value >= 0");

    /// <summary>Finite and &gt; 0.</summary>
    public static ArgumentRule Positive { get; } = new RangeRule(0, double.PositiveInfinity, LowInclusive: false, "must be a finite value > 0");

    /// <summary>Both elements of a pair (or every element of a list) in [0, 1), as PyTorch checks <c>betas</c>.</summary>
    public static ArgumentRule Betas { get; } = new EachRule(0, 1, "beta parameter");

    /// <summary>A whole number ≥ 1 (ranks, intervals in steps), also when a group holds it as a double.</summary>
    public static ArgumentRule PositiveInteger { get; } = new CountRule();

    /// <summary>In [<paramref name="low"/>, <paramref name="high"/>), or ] when <paramref name="highInclusive"/>.</summary>
    public static ArgumentRule InRange(double low, double high, bool highInclusive = false) =>
        new IntervalRule(low, high, highInclusive);

    /// <summary>One of the given strings (case-sensitive, as Python compares them).</summary>
    public static ArgumentRule OneOf(params string[] choices) => new ChoiceRule(choices);

    /// <summary>The problem with <paramref name="value"/> (already of the argument's kind) for <paramref name="key"/>, or null.</summary>
    public abstract string? Check(string key, object value);

    /// <summary>A number as Python's <c>repr</c> would show it.</summary>
    protected static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The numbers a rule applies to: a number, or each element of a pair or list.</summary>
    protected static IEnumerable<double> Numbers(object value) => value switch
    {
        double d => [d],
        long l => [l],
        bool b => [b ? 1 : 0],
        double[] a => a,
        long[] a => a.Select(x => (double)x),
        _ => [],
    };

    private sealed record RangeRule(double Low, double High, bool LowInclusive, string Wording) : ArgumentRule
    {
        public override string? Check(string key, object value) =>
            Numbers(value).Where(v => !(LowInclusive ? v >= Low : v > Low) || double.IsInfinity(v))
                .Select(v => $"Invalid {key}: {Show(v)} ({Wording})").FirstOrDefault();
    }

    private sealed record CountRule : ArgumentRule
    {
        public override string? Check(string key, object value) =>
            Numbers(value).Where(v => !(v >= 1) || v != Math.Floor(v) || double.IsInfinity(v))
                .Select(v => $"Invalid {key}: {Show(v)} (must be an integer >= 1)").FirstOrDefault();
    }

    private sealed record IntervalRule(double Low, double High, bool HighInclusive) : ArgumentRule
    {
        public override string? Check(string key, object value) =>
            Numbers(value).Where(v => !(v >= Low && (HighInclusive ? v <= High : v < High)))
                .Select(v => $"Invalid {key}: {Show(v)} (must be in [{Show(Low)}, {Show(High)}{(HighInclusive ? "]" : ")")})").FirstOrDefault();
    }

    private sealed record EachRule(double Low, double High, string Name) : ArgumentRule
    {
        public override string? Check(string key, object value) =>
            Numbers(value).Select((v, i) => (v, i)).Where(x => !(x.v >= Low && x.v < High))
                .Select(x => $"Invalid {Name} at index {x.i}: {Show(x.v)} (must be in [{Show(Low)}, {Show(High)}))").FirstOrDefault();
    }

    private sealed record ChoiceRule(IReadOnlyList<string> Choices) : ArgumentRule
    {
        public override string? Check(string key, object value)
        {
            if (value is not string s || Choices.Contains(s, StringComparer.Ordinal)) return null;
            var closest = ClosestName.Find(s, Choices);
            var hint = closest is null ? "" : $"; did you mean '{closest}'?";
            return $"Invalid {key}: '{s}' (must be one of {string.Join(", ", Choices)}){hint}";
        }
    }
}
