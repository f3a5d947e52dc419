using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Training.Plots;

namespace Training.Cli.Commands;

/// <summary><c>trainer plot-run OUTPUT_DIR</c>: training loss, evaluation metrics and learning rate against the step.</summary>
internal sealed class PlotRunCommand(IAnsiConsole console) : Command<PlotRunCommand.Settings>
{
    /// <summary>The run and where its picture goes.</summary>
    internal sealed class Settings : CommandSettings
    {
        /// <summary>An output folder (its newest checkpoint), a checkpoint folder, or a trainer_state.json.</summary>
        [CommandArgument(0, "<run>")]
        [Description("An OutputDir (its newest checkpoint is read, also while the run goes on), a checkpoint-N folder, or a trainer_state.json.")]
        public string Run { get; init; } = "";

        /// <summary>The SVG to write.</summary>
        [CommandOption("-o|--out <svg>")]
        [Description("The SVG to write (default: training.svg in the run's folder); a PNG beside it where rsvg-convert is installed.")]
        public string? Out { get; init; }

        /// <summary>A logarithmic loss axis.</summary>
        [CommandOption("--log-loss")]
        [Description("Draw the losses on a logarithmic axis.")]
        public bool LogLoss { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings)
    {
        var files = RunPlot.Write(settings.Run, settings.Out, new RunPlotOptions { LogLoss = settings.LogLoss });
        console.MarkupLineInterpolated($"wrote {files.Svg}{(files.Png is null ? " (no PNG: rsvg-convert is not installed)" : " and " + files.Png)}");
        return 0;
    }
}
