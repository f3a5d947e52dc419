namespace Training.Core;

/// <summary>How the evaluation loop names and cleans its metrics (Transformers' <c>evaluation_loop</c>).</summary>
internal static class MetricKeys
{
    /// <summary>
    /// Transformers' <c>denumpify_detensorize</c>: metrics become plain numbers. Ours are already doubles, so this is a
    /// copy in the function's order — the evaluation's metrics no longer share the dictionary <c>ComputeMetrics</c>
    /// returned (and may go on using).
    /// </summary>
    public static List<KeyValuePair<string, double>> Sanitize(IReadOnlyDictionary<string, double>? computed) =>
        computed is null
            ? throw new InvalidOperationException("ComputeMetrics returned null; return a dictionary of metric values (empty for none)")
            : [.. computed];

    /// <summary>
    /// Every key gets <c>prefix_</c> unless it already starts with it (Transformers' rule, applied in order: a computed
    /// <c>loss</c> thus replaces the evaluation's own <c>eval_loss</c>, as in Transformers).
    /// </summary>
    public static Dictionary<string, double> Prefix(IEnumerable<KeyValuePair<string, double>> metrics, string prefix)
    {
        var start = prefix + "_";
        var ordered = metrics.ToList();
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in ordered.Where(m => m.Key.StartsWith(start, StringComparison.Ordinal))) result[key] = value;
        foreach (var (key, value) in ordered.Where(m => !m.Key.StartsWith(start, StringComparison.Ordinal))) result[start + key] = value;
        return result;
    }

    /// <summary>
    /// Transformers' <c>speed_metrics</c>: runtime (4 decimals), samples and steps per second (3 decimals); only the
    /// runtime when it measured zero.
    /// </summary>
    public static void AddSpeed(IDictionary<string, double> metrics, string prefix, double seconds, int samples, int batchSize)
    {
        metrics[$"{prefix}_runtime"] = Math.Round(seconds, 4);
        if (seconds == 0) return;
        metrics[$"{prefix}_samples_per_second"] = Math.Round(samples / seconds, 3);
        metrics[$"{prefix}_steps_per_second"] = Math.Round(Math.Ceiling(samples / (double)batchSize) / seconds, 3);
    }
}
