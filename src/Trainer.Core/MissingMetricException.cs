namespace Training.Core;

/// <summary>
/// <c>MetricForBestModel</c> names a metric the evaluation did not report (Transformers raises a KeyError in
/// <c>_determine_best_metric</c>). Raised at the first evaluation, when the metrics are known.
/// </summary>
public sealed class MissingMetricException(string setting, string key, IEnumerable<string> reported) : KeyNotFoundException(
    $"Training:MetricForBestModel = '{setting}' names '{key}', which the evaluation did not report (it reported: {string.Join(", ", reported)}). " +
    $"Add '{key}' to the evaluation's metrics (override Trainer.Evaluate) or change Training:MetricForBestModel.")
{
    /// <summary>The metric looked for, with its eval_ prefix.</summary>
    public string Key { get; } = key;
}
