using System.Globalization;

namespace Training.Plots;

/// <summary>Short, culture-independent tick texts: <c>0</c>, <c>250</c>, <c>0.5</c>, <c>2e-4</c>, <c>1.5e6</c>.</summary>
public static class TickLabels
{
    /// <summary>The text of one tick value.</summary>
    public static string Format(double value)
    {
        if (value == 0) return "0";
        if (!double.IsFinite(value)) return value.ToString(CultureInfo.InvariantCulture);
        var magnitude = Math.Abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e6) return value.ToString("0.######", CultureInfo.InvariantCulture);
        var exponent = (int)Math.Floor(Math.Log10(magnitude));
        var mantissa = Math.Round(value / Math.Pow(10, exponent), 3);
        if (Math.Abs(mantissa) >= 10)
        {
            mantissa /= 10;
            exponent++;
        }

        return mantissa.ToString("0.###", CultureInfo.InvariantCulture) + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
