using System.Globalization;

namespace Training.Schedulers;

/// <summary>
/// Python's float semantics where they differ from .NET's, so ported formulas give the same doubles:
/// <c>max</c>/<c>min</c> keep the first argument unless the second is strictly greater/smaller (NaN never wins),
/// <c>%</c> takes the sign of the divisor, and <c>repr</c> spells floats for messages.
/// </summary>
internal static class PyMath
{
    /// <summary>Python's <c>max(a, b)</c>.</summary>
    public static double Max(double a, double b) => b > a ? b : a;

    /// <summary>Python's <c>min(a, b)</c>.</summary>
    public static double Min(double a, double b) => b < a ? b : a;

    /// <summary>Python's float <c>a % b</c> (the result has the sign of <paramref name="b"/>).</summary>
    public static double Mod(double a, double b)
    {
        var r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }

    /// <summary>Close to Python's <c>repr(float)</c> ("0.001", "1e-05", "1.0"), for error messages.</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var text = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.Ordinal) ? text : text + ".0";
    }
}
