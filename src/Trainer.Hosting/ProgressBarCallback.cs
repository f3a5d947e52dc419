using System.Globalization;
using Spectre.Console;
using Training.Core;

namespace Training.Hosting;

/// <summary>
/// The training progress bar (step, ETA, last logged loss, it/s) on Spectre.Console, as a callback: it starts at
/// <c>OnTrainBegin</c>, moves at every <c>OnStepEnd</c> and closes at <c>OnTrainEnd</c>. Drawn only when the output
/// is an interactive terminal and <see cref="TrainingArguments.DisableTqdm"/> is off (Transformers' tqdm rule).
/// Spectre's live display runs inside a callback it owns, so that display runs on its own thread for the length of
/// the training loop; the Trainer's thread only sets the bar's values, which Spectre guards with a lock.
/// </summary>
public sealed class ProgressBarCallback : TrainerCallback, IDisposable
{
    private readonly Func<TrainingArguments, bool> isEnabled;
    private readonly System.Diagnostics.Stopwatch clock = new();
    private ManualResetEventSlim? finished;
    private Thread? display;
    private ProgressTask? bar;
    private long firstStep;

    /// <summary>A bar shown when <see cref="IsEnabled"/> says so.</summary>
    public ProgressBarCallback()
        : this(IsEnabled) { }

    internal ProgressBarCallback(Func<TrainingArguments, bool> isEnabled) => this.isEnabled = isEnabled;

    /// <summary>True when a bar can be drawn: an interactive terminal, and <c>DisableTqdm</c> off.</summary>
    public static bool IsEnabled(TrainingArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return !args.DisableTqdm && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!isEnabled(args)) return;
        Close();
        firstStep = state.GlobalStep;
        clock.Restart();
        finished = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var maxSteps = state.MaxSteps;
        var done = finished;
        display = new Thread(() => AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(progress =>
            {
                bar = progress.AddTask("training", maxValue: maxSteps);
                bar.Value = firstStep;
                started.Set();
                done.Wait();
                bar.StopTask();
            })) { IsBackground = true, Name = "progress bar" };
        display.Start();
        started.Wait();
    }

    /// <inheritdoc/>
    public override void OnStepEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) => Show(state);

    /// <summary>The loss of a logging step is logged after its <c>OnStepEnd</c>: shown as soon as it is.</summary>
    public override void OnLog(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) => Show(state);

    private void Show(TrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (bar is null) return;
        var step = state.GlobalStep;
        var rate = (step - firstStep) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        var loss = state.LogHistory.LastOrDefault(entry => entry.ContainsKey("loss"))?["loss"];
        bar.Value = step;
        bar.Description = loss is double l
            ? string.Create(CultureInfo.InvariantCulture, $"step {step}/{state.MaxSteps} loss {l:F4} {rate:F2} it/s")
            : string.Create(CultureInfo.InvariantCulture, $"step {step}/{state.MaxSteps} {rate:F2} it/s");
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) => Close();

    /// <summary>Closes a bar still open (a run that ended with an exception).</summary>
    public void Dispose() => Close();

    private void Close()
    {
        finished?.Set();
        display?.Join();
        finished?.Dispose();
        finished = null;
        display = null;
        bar = null;
    }
}
