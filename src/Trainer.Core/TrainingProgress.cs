using System.Globalization;
using Spectre.Console;

namespace Training.Core;

/// <summary>
/// The training progress bar (step, ETA, loss, it/s) on Spectre.Console. Shown only when output is a terminal and
/// <see cref="TrainingArguments.DisableTqdm"/> is off; otherwise every call is a no-op.
/// </summary>
public sealed class TrainingProgress
{
    private readonly ProgressTask? task;
    private readonly long maxSteps;
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly long firstStep;

    private TrainingProgress(ProgressTask? task, long maxSteps, long firstStep)
    {
        this.task = task;
        this.maxSteps = maxSteps;
        this.firstStep = firstStep;
    }

    /// <summary>True when a bar can be drawn: a terminal, not disabled.</summary>
    public static bool IsEnabled(TrainingArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return !args.DisableTqdm && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
    }

    /// <summary>Runs <paramref name="body"/> with a bar (when enabled) that it advances.</summary>
    public static void Run(TrainingArguments args, long maxSteps, long firstStep, Action<TrainingProgress> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!IsEnabled(args))
        {
            body(new TrainingProgress(null, maxSteps, firstStep));
            return;
        }

        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var bar = context.AddTask("training", maxValue: maxSteps);
                bar.Value = firstStep;
                body(new TrainingProgress(bar, maxSteps, firstStep));
                bar.StopTask();
            });
    }

    /// <summary>Moves the bar to <paramref name="step"/> and shows the last loss and the speed.</summary>
    public void Advance(long step, double loss)
    {
        if (task is null) return;
        var rate = (step - firstStep) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        task.Value = step;
        task.Description = string.Create(CultureInfo.InvariantCulture, $"step {step}/{maxSteps} loss {loss:F4} {rate:F2} it/s");
    }
}
