namespace Training.Core;

/// <summary>
/// The best-model metric (<c>MetricForBestModel</c>, default "loss") is not among the metrics an evaluation of the
/// training loop reported, while something needs it: a named <c>MetricForBestModel</c>, <c>LoadBestModelAtEnd</c>,
/// <c>SaveStrategy</c> best, a metric-driven scheduler or early stopping (Transformers raises a KeyError in
/// <c>_determine_best_metric</c>). Raised at the first evaluation, when the metrics are known.
/// </summary>
public sealed class MissingMetricException(string? setting, string key, IEnumerable<string> reported) : KeyNotFoundException(
    $"Training:MetricForBestModel {(setting is null ? "(unset, so 'loss')" : $"= '{setting}'")} names '{key}', which the evaluation did not report " +
    $"(it reported: {string.Join(", ", reported)}). Return '{Unprefixed(key)}' from ComputeMetrics (or name a reported key) " +
    "or change Training:MetricForBestModel.")
{
    /// <summary>The metric looked for, with its eval_ prefix.</summary>
    public string Key { get; } = key;

    private static string Unprefixed(string key) => key.StartsWith("eval_", StringComparison.Ordinal) ? key["eval_".Length..] : key;
}
