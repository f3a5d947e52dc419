using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Training.Core;

/// <summary>
/// The <c>metrics</c> reporter: System.Diagnostics.Metrics instruments on the Meter <see cref="MeterName"/>, so
/// <c>dotnet-counters monitor --counters Training -p PID</c>, OpenTelemetry or any <see cref="MeterListener"/> sees
/// a run without a Trainer-specific integration. Observable gauges give the last value of <c>loss</c>,
/// <c>learning_rate</c>, <c>grad_norm</c>, <c>epoch</c>, <c>step_time</c> (seconds between the ends of two optimizer
/// steps), <c>samples_per_second</c>, <c>tokens_per_second</c> (when input tokens are counted), and
/// <c>eval</c> (one measurement per evaluation metric, tagged <c>metric</c>, e.g. <c>loss</c> for <c>eval_loss</c>);
/// the counter <c>steps</c> counts optimizer steps. Every measurement is tagged <c>run</c> with
/// <see cref="TrainingArguments.RunName"/> (default the output folder). The meter lives as long as the callback
/// (the final train metrics stay readable after training); dispose it to remove it.
/// </summary>
public sealed class MetricsCallback : TrainerCallback, IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Training";

    private static readonly string[] Gauges = ["loss", "learning_rate", "grad_norm", "epoch", "step_time", "samples_per_second", "tokens_per_second"];
    private static readonly Dictionary<string, (string Unit, string Description)> Descriptions = new(StringComparer.Ordinal)
    {
        ["loss"] = ("", "Training loss of the last logged interval"),
        ["learning_rate"] = ("", "Learning rate of the last logged step"),
        ["grad_norm"] = ("", "Gradient norm of the last logged step (before clipping)"),
        ["epoch"] = ("", "Epoch reached (fractional)"),
        ["step_time"] = ("s", "Seconds between the ends of the last two optimizer steps"),
        ["samples_per_second"] = ("{sample}/s", "Training samples per second over the last optimizer step"),
        ["tokens_per_second"] = ("{token}/s", "Input tokens per second over the last optimizer step"),
    };

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> steps;
    private readonly Lock gate = new();
    private readonly Dictionary<string, double> last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> evaluation = new(StringComparer.Ordinal);
    private KeyValuePair<string, object?> run = new("run", "");
    private long lastStepEnd;
    private long lastTokens;

    /// <summary>Creates the meter and its instruments.</summary>
    public MetricsCallback()
    {
        foreach (var name in Gauges)
            meter.CreateObservableGauge(name, () => Observe(name), Descriptions[name].Unit, Descriptions[name].Description);
        meter.CreateObservableGauge("eval", ObserveEvaluation, null, "Last value of each evaluation metric (tag 'metric')");
        steps = meter.CreateCounter<long>("steps", "{step}", "Optimizer steps taken");
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(state);
        lock (gate)
        {
            run = new("run", args.RunName ?? args.OutputDir);
            lastStepEnd = Stopwatch.GetTimestamp();
            lastTokens = state.NumInputTokensSeen;
        }
    }

    /// <inheritdoc/>
    public override void OnStepEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(state);
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            var seconds = Stopwatch.GetElapsedTime(lastStepEnd, now).TotalSeconds;
            lastStepEnd = now;
            last["step_time"] = seconds;
            if (seconds > 0)
            {
                last["samples_per_second"] = (double)args.PerDeviceTrainBatchSize * args.GradientAccumulationSteps / seconds;
                var tokens = state.NumInputTokensSeen - lastTokens;
                if (tokens > 0) last["tokens_per_second"] = tokens / seconds;
            }

            lastTokens = state.NumInputTokensSeen;
        }

        steps.Add(1, run);
    }

    /// <inheritdoc/>
    public override void OnLog(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Values is null) return;
        lock (gate)
            foreach (var (key, value) in context.Values)
            {
                if (key.StartsWith("eval_", StringComparison.Ordinal)) evaluation[key["eval_".Length..]] = value;
                else if (Descriptions.ContainsKey(key)) last[key] = value;
            }
    }

    /// <summary>Removes the meter and its instruments.</summary>
    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<double>> Observe(string name)
    {
        lock (gate)
            return last.TryGetValue(name, out var value) ? [new Measurement<double>(value, run)] : [];
    }

    private IEnumerable<Measurement<double>> ObserveEvaluation()
    {
        lock (gate)
            return [.. evaluation.Select(p => new Measurement<double>(p.Value, run, new("metric", p.Key)))];
    }
}
