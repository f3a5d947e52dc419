namespace Training.Plots;

/// <summary>
/// An axis range with readable ticks: linear axes step by 1, 2 or 5 times a power of ten and start and end on a
/// tick; logarithmic axes span whole decades (with 2 and 5 between decades when there are few of them).
/// </summary>
public sealed class AxisScale
{
    private AxisScale(double min, double max, bool isLog, IReadOnlyList<double> ticks)
    {
        Min = min;
        Max = max;
        IsLog = isLog;
        Ticks = ticks;
    }

    /// <summary>The value at the start of the axis.</summary>
    public double Min { get; }

    /// <summary>The value at the end of the axis.</summary>
    public double Max { get; }

    /// <summary>True for a base-10 logarithmic axis.</summary>
    public bool IsLog { get; }

    /// <summary>The tick values, ascending, from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IReadOnlyList<double> Ticks { get; }

    /// <summary>Where <paramref name="value"/> lies between <see cref="Min"/> (0) and <see cref="Max"/> (1); NaN when it has no place (not finite, or not positive on a log axis).</summary>
    public double Fraction(double value)
    {
        if (!double.IsFinite(value) || (IsLog && value <= 0)) return double.NaN;
        return IsLog
            ? (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
            : (value - Min) / (Max - Min);
    }

    /// <summary>True when <paramref name="value"/> can be drawn on this kind of axis.</summary>
    public static bool Drawable(double value, bool log) => double.IsFinite(value) && (!log || value > 0);

    /// <summary>A linear axis covering <paramref name="min"/>..<paramref name="max"/> with at most about <paramref name="maxTicks"/> ticks.</summary>
    public static AxisScale Linear(double min, double max, int maxTicks = 6)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max) (min, max) = (0, 1);
        if (min == max)
        {
            // A constant series (a constant learning rate) still gets an axis around its value.
            var pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }

        var step = NiceStep((max - min) / Math.Max(1, maxTicks - 1));
        var first = Math.Floor(min / step + 1e-9);
        var last = Math.Ceiling(max / step - 1e-9);
        var ticks = new List<double>();
        for (var k = first; k <= last + 1e-9; k++) ticks.Add(Clean(k * step, step));
        return new AxisScale(ticks[0], ticks[^1], isLog: false, ticks);
    }

    /// <summary>A base-10 logarithmic axis covering the positive range <paramref name="min"/>..<paramref name="max"/> in whole decades.</summary>
    public static AxisScale Logarithmic(double min, double max)
    {
        if (!(min > 0) || !double.IsFinite(max) || min > max) (min, max) = (1, 10);
        var low = Math.Floor(Math.Log10(min) + 1e-9);
        var high = Math.Ceiling(Math.Log10(max) - 1e-9);
        if (high <= low) high = low + 1;
        var ticks = new List<double>();
        var few = high - low <= 2;
        for (var e = low; e <= high; e++)
        {
            var decade = Math.Pow(10, e);
            ticks.Add(decade);
            if (few && e < high)
            {
                ticks.Add(2 * decade);
                ticks.Add(5 * decade);
            }
        }

        return new AxisScale(ticks[0], ticks[^1], isLog: true, ticks);
    }

    /// <summary>The smallest 1, 2 or 5 times a power of ten that is at least <paramref name="rough"/>.</summary>
    public static double NiceStep(double rough)
    {
        if (!(rough > 0) || !double.IsFinite(rough)) return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var mantissa = rough / power;
        var nice = mantissa <= 1 + 1e-9 ? 1 : mantissa <= 2 + 1e-9 ? 2 : mantissa <= 5 + 1e-9 ? 5 : 10;
        return nice * power;
    }

    // k·step carries binary noise (0.30000000000000004); round to the step's decimals.
    private static double Clean(double value, double step)
    {
        var decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step)) + 1, 0, 15);
        var rounded = Math.Round(value, decimals);
        return rounded == 0 ? 0 : rounded;
    }
}
