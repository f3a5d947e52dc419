namespace Training.Plots;

/// <summary>
/// The curves of a run taken from its <c>log_history</c>: training loss (<c>loss</c>), evaluation losses
/// (<c>eval_loss</c>, <c>eval_&lt;set&gt;_loss</c>), the other evaluation metrics (<c>eval_*</c>, without the speed
/// entries) and the learning rate, each against the step.
/// </summary>
/// <param name="TrainingLoss">The logged training loss.</param>
/// <param name="EvalLosses">Each evaluation loss by its key.</param>
/// <param name="EvalMetrics">Each other evaluation metric by its key.</param>
/// <param name="LearningRate">The logged learning rate (the rate of the group of the first parameter).</param>
/// <param name="MaxSteps">The planned number of updates.</param>
/// <param name="GlobalStep">The updates done when the state was written.</param>
public sealed record RunHistory(IReadOnlyList<PlotPoint> TrainingLoss, IReadOnlyDictionary<string, IReadOnlyList<PlotPoint>> EvalLosses,
    IReadOnlyDictionary<string, IReadOnlyList<PlotPoint>> EvalMetrics, IReadOnlyList<PlotPoint> LearningRate, long MaxSteps, long GlobalStep)
{
    // Timings say nothing about the model.
    private static readonly string[] SpeedSuffixes = ["_runtime", "_samples_per_second", "_steps_per_second", "_model_preparation_time"];

    /// <summary>The curves of <paramref name="state"/>.</summary>
    public static RunHistory From(TrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var loss = new List<PlotPoint>();
        var rate = new List<PlotPoint>();
        var evalLosses = new SortedDictionary<string, List<PlotPoint>>(StringComparer.Ordinal);
        var metrics = new SortedDictionary<string, List<PlotPoint>>(StringComparer.Ordinal);
        foreach (var entry in state.LogHistory)
        {
            if (!entry.TryGetValue("step", out var step)) continue;
            if (entry.TryGetValue("loss", out var value)) loss.Add(new PlotPoint(step, value));
            if (entry.TryGetValue("learning_rate", out var lr)) rate.Add(new PlotPoint(step, lr));
            foreach (var (key, metric) in entry)
            {
                if (!key.StartsWith("eval_", StringComparison.Ordinal) || SpeedSuffixes.Any(s => key.EndsWith(s, StringComparison.Ordinal))) continue;
                var target = key.EndsWith("loss", StringComparison.Ordinal) ? evalLosses : metrics;
                if (!target.TryGetValue(key, out var points)) target[key] = points = [];
                points.Add(new PlotPoint(step, metric));
            }
        }

        return new RunHistory(loss, evalLosses.ToDictionary(p => p.Key, p => (IReadOnlyList<PlotPoint>)p.Value, StringComparer.Ordinal),
            metrics.ToDictionary(p => p.Key, p => (IReadOnlyList<PlotPoint>)p.Value, StringComparer.Ordinal), rate, state.MaxSteps, state.GlobalStep);
    }
}
