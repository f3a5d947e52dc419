using System.Globalization;

namespace Training.Plots;

/// <summary>Options of a run picture.</summary>
public sealed record RunPlotOptions
{
    /// <summary>A logarithmic loss axis.</summary>
    public bool LogLoss { get; init; }

    /// <summary>The picture's title; null: the state file's location and progress.</summary>
    public string? Title { get; init; }

    /// <summary>The sizes.</summary>
    public ChartLayout Layout { get; init; } = ChartLayout.Default;
}

/// <summary>
/// The picture of a run: a loss panel (training and evaluation losses), one panel per other evaluation metric,
/// and a learning-rate panel, over the step.
/// </summary>
public static class RunPlot
{
    /// <summary>The chart of <paramref name="history"/> (panels without data are left out; the loss panel always stays).</summary>
    public static Chart Build(RunHistory history, RunPlotOptions? options = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        options ??= new RunPlotOptions();
        var losses = new List<PlotSeries> { new("train loss", history.TrainingLoss) };
        losses.AddRange(history.EvalLosses.Select(p => new PlotSeries(p.Key.Replace('_', ' '), p.Value, Markers: true)));
        var panels = new List<ChartPanel> { new("Loss", "loss", losses, options.LogLoss) };
        panels.AddRange(history.EvalMetrics.Select(p => new ChartPanel(p.Key, p.Key["eval_".Length..], [new PlotSeries(p.Key, p.Value, Markers: true)])));
        if (history.LearningRate.Count > 0)
            panels.Add(new ChartPanel("Learning rate", "learning rate", [new PlotSeries("learning rate", history.LearningRate)]));
        var progress = string.Create(CultureInfo.InvariantCulture, $"step {history.GlobalStep} of {history.MaxSteps}");
        return new Chart(options.Title ?? (title is null ? progress : $"{title} ({progress})"), "step", panels);
    }

    /// <summary>Draws the run <paramref name="path"/> names (an output folder, a checkpoint folder or a trainer_state.json).</summary>
    public static RenderedChart Render(string path, RunPlotOptions? options = null)
    {
        var (state, source) = TrainerStateFile.Read(path);
        options ??= new RunPlotOptions();
        return SvgChartRenderer.Render(Build(RunHistory.From(state), options, ShortName(source)), options.Layout);
    }

    // "run/checkpoint-100" rather than the whole path: the folder names that tell runs apart.
    private static string ShortName(string file)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file)) ?? "";
        var parent = Path.GetFileName(Path.GetDirectoryName(folder) ?? "");
        return string.IsNullOrEmpty(parent) ? Path.GetFileName(folder) : $"{parent}/{Path.GetFileName(folder)}";
    }

    /// <summary>
    /// Writes the picture of the run <paramref name="path"/> names to <paramref name="svgPath"/> (default:
    /// <c>training.svg</c> in the run's folder) and a PNG beside it where <c>rsvg-convert</c> is installed.
    /// </summary>
    public static PictureFiles Write(string path, string? svgPath = null, RunPlotOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var target = svgPath ?? Path.Combine(Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!, "training.svg");
        return PictureFiles.Write(Render(path, options), target);
    }
}
