namespace Training.Schedulers;

/// <summary>Whether a lower or a higher metric is better.</summary>
public enum MetricMode
{
    /// <summary>Lower is better (a loss).</summary>
    Min,
    /// <summary>Higher is better (an accuracy).</summary>
    Max,
}

/// <summary>Whether the improvement threshold is relative to the best value or absolute.</summary>
public enum ThresholdMode
{
    /// <summary>best·(1 ∓ threshold).</summary>
    Rel,
    /// <summary>best ∓ threshold.</summary>
    Abs,
}

/// <summary>
/// The improvement test and the mode names shared by the metric-driven schedulers (PyTorch's ReduceLROnPlateau,
/// Transformers' GreedyLR), which define them identically.
/// </summary>
public static class MetricModes
{
    /// <summary>Parses "min" / "max"; anything else fails with PyTorch's message ("mode x is unknown!").</summary>
    public static MetricMode ParseMode(string mode) => mode switch
    {
        "min" => MetricMode.Min,
        "max" => MetricMode.Max,
        _ => throw new ArgumentException($"mode {mode} is unknown!", nameof(mode)),
    };

    /// <summary>Parses "rel" / "abs"; anything else fails with PyTorch's message ("threshold mode x is unknown!").</summary>
    public static ThresholdMode ParseThresholdMode(string thresholdMode) => thresholdMode switch
    {
        "rel" => ThresholdMode.Rel,
        "abs" => ThresholdMode.Abs,
        _ => throw new ArgumentException($"threshold mode {thresholdMode} is unknown!", "threshold_mode"),
    };

    /// <summary>The Python spelling ("min"/"max") used in state dicts.</summary>
    public static string ToPython(this MetricMode mode) => mode == MetricMode.Min ? "min" : "max";

    /// <summary>The Python spelling ("rel"/"abs") used in state dicts.</summary>
    public static string ToPython(this ThresholdMode thresholdMode) => thresholdMode == ThresholdMode.Rel ? "rel" : "abs";

    /// <summary>The starting "best" value: +∞ when minimising, −∞ when maximising.</summary>
    public static double Worst(this MetricMode mode) => mode == MetricMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>
    /// True when <paramref name="current"/> improves on <paramref name="best"/> by more than the threshold
    /// (min/rel: current &lt; best·(1 − th); min/abs: current &lt; best − th; max/rel: current &gt; best·(th + 1);
    /// max/abs: current &gt; best + th), with PyTorch's operation order.
    /// </summary>
    public static bool IsBetter(MetricMode mode, ThresholdMode thresholdMode, double threshold, double current, double best) =>
        (mode, thresholdMode) switch
        {
            (MetricMode.Min, ThresholdMode.Rel) => current < best * (1 - threshold),
            (MetricMode.Min, ThresholdMode.Abs) => current < best - threshold,
            (MetricMode.Max, ThresholdMode.Rel) => current > best * (threshold + 1),
            _ => current > best + threshold,
        };
}
