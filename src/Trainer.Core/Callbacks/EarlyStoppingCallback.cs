namespace Training.Core;

/// <summary>
/// Stops training when the best-model metric has not improved by more than <paramref name="threshold"/> for
/// <paramref name="patience"/> evaluations (Transformers' <c>EarlyStoppingCallback</c>). Its counter is saved
/// with checkpoints and restored on resume when <c>RestoreCallbackStatesFromCheckpoint</c> is set. An evaluation that does not report the metric is passed over, as in Transformers: with several
/// named evaluation datasets each is evaluated (and reported to <c>OnEvaluate</c>) on its own, and only the one
/// <c>MetricForBestModel</c> names counts; a metric no evaluation reports stops the run in the Trainer with
/// <see cref="MissingMetricException"/>.
/// </summary>
public sealed class EarlyStoppingCallback(int patience = 1, double threshold = 0.0) : TrainerCallback, IStatefulCallback
{
    private const string CounterKey = "early_stopping_patience_counter";

    /// <summary>Evaluations without improvement so far.</summary>
    public int PatienceCounter { get; private set; }

    /// <inheritdoc/>
    public override bool IsCritical => true;

    /// <inheritdoc/>
    public override void OnEvaluate(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(context);
        var key = args.BestMetricKey;
        if (context.Values is null || !context.Values.TryGetValue(key, out var value)) return;
        var improved = state.BestMetric is not double best ||
                       (args.HigherIsBetter ? value > best && Math.Abs(value - best) > threshold : value < best && Math.Abs(value - best) > threshold);
        PatienceCounter = improved ? 0 : PatienceCounter + 1;
        state.StatefulCallbacks[StateKey] = new Dictionary<string, double> { [CounterKey] = PatienceCounter };
        if (PatienceCounter >= patience) control.ShouldTrainingStop = true;
    }

    /// <inheritdoc/>
    public string StateKey => nameof(EarlyStoppingCallback);

    /// <inheritdoc/>
    public void RestoreState(IReadOnlyDictionary<string, double> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.TryGetValue(CounterKey, out var counter)) PatienceCounter = (int)counter;
    }
}
