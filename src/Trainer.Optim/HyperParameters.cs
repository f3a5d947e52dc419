using System.Globalization;

namespace Training.Optim;

/// <summary>
/// Checks of a group's merged hyperparameters, one place for every optimizer so messages are uniform:
/// each failure is an <see cref="ArgumentOutOfRangeException"/> naming the key and the value.
/// </summary>
public static class HyperParameters
{
    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The value must be finite and ≥ 0.</summary>
    public static void NonNegative(ParamGroup group, string key)
    {
        ArgumentNullException.ThrowIfNull(group);
        var v = group[key];
        if (!(v >= 0) || double.IsInfinity(v))
            throw new ArgumentOutOfRangeException(key, v, $"Invalid {key}: {Show(v)} (must be a finite value >= 0)");
    }

    /// <summary>The value must be finite and &gt; 0.</summary>
    public static void Positive(ParamGroup group, string key)
    {
        ArgumentNullException.ThrowIfNull(group);
        var v = group[key];
        if (!(v > 0) || double.IsInfinity(v))
            throw new ArgumentOutOfRangeException(key, v, $"Invalid {key}: {Show(v)} (must be a finite value > 0)");
    }

    /// <summary>The value must lie in [<paramref name="low"/>, <paramref name="high"/>) (or ] when <paramref name="highInclusive"/>).</summary>
    public static void InRange(ParamGroup group, string key, double low, double high, bool highInclusive = false)
    {
        ArgumentNullException.ThrowIfNull(group);
        var v = group[key];
        if (!(v >= low && (highInclusive ? v <= high : v < high)))
            throw new ArgumentOutOfRangeException(key, v,
                $"Invalid {key}: {Show(v)} (must be in [{Show(low)}, {Show(high)}{(highInclusive ? "]" : ")")})");
    }

    /// <summary>Both elements of a pair such as <c>betas</c> must lie in [0, 1).</summary>
    public static void Betas(ParamGroup group, string key = "betas")
    {
        ArgumentNullException.ThrowIfNull(group);
        var (b1, b2) = group.GetPair(key);
        if (!(b1 >= 0 && b1 < 1))
            throw new ArgumentOutOfRangeException(key, b1, $"Invalid beta parameter at index 0: {Show(b1)} (must be in [0, 1))");
        if (!(b2 >= 0 && b2 < 1))
            throw new ArgumentOutOfRangeException(key, b2, $"Invalid beta parameter at index 1: {Show(b2)} (must be in [0, 1))");
    }

    /// <summary>The learning rate must be ≥ 0 (PyTorch's rule) and finite.</summary>
    public static void LearningRate(ParamGroup group) => NonNegative(group, "lr");
}
