using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Training.Plots;

namespace Training.Cli.Commands;

/// <summary>
/// <c>trainer plot-schedule --config appsettings.json</c>: the learning rate (and weight decay) per parameter group that
/// the configured scheduler gives over the run, before spending any time on training.
/// </summary>
internal sealed class PlotScheduleCommand(IAnsiConsole console) : Command<PlotScheduleCommand.Settings>
{
    /// <summary>The configuration and where its picture goes.</summary>
    internal sealed class Settings : CommandSettings
    {
        /// <summary>The settings file whose Training section is read.</summary>
        [CommandOption("-c|--config <file>")]
        [Description("The settings file (its Training section); --Training:Key=value after the options override it.")]
        public string Config { get; init; } = "appsettings.json";

        /// <summary>Updates to draw.</summary>
        [CommandOption("--steps <n>")]
        [Description("Updates to draw (default: Training:MaxSteps).")]
        public long? Steps { get; init; }

        /// <summary>The SVG to write.</summary>
        [CommandOption("-o|--out <svg>")]
        [Description("The SVG to write (default: schedule.svg); a PNG beside it where rsvg-convert is installed.")]
        public string Out { get; init; } = "schedule.svg";

        /// <summary>A logarithmic learning-rate axis.</summary>
        [CommandOption("--log")]
        [Description("Draw the learning rate on a logarithmic axis.")]
        public bool Log { get; init; }

        public override ValidationResult Validate() =>
            File.Exists(Config) ? ValidationResult.Success() : ValidationResult.Error($"--config {Config}: the settings file does not exist");
    }

    public override int Execute(CommandContext context, Settings settings)
    {
        var file = Path.GetFullPath(settings.Config);
        var trace = SchedulePlot.Sample(Path.GetDirectoryName(file)!, [.. context.Remaining.Raw], settings.Steps, settingsFileName: Path.GetFileName(file));
        var files = SchedulePlot.Write(trace, settings.Out, settings.Log);
        console.MarkupLineInterpolated($"{trace.Optimizer} with {trace.Scheduler}: {trace.Steps} updates, {trace.WarmupSteps} of warm-up");
        foreach (var (group, index) in trace.Groups.Select((g, i) => (g, i)))
        {
            var rates = group.LearningRates;
            console.MarkupLineInterpolated($"group {index}: learning rate {Number(rates[0])} at update 1, {Number(rates.Max())} at most, {Number(rates[^1])} at update {rates.Count}");
        }

        console.MarkupLineInterpolated($"wrote {files.Svg}{(files.Png is null ? " (no PNG: rsvg-convert is not installed)" : " and " + files.Png)}");
        return 0;
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}

