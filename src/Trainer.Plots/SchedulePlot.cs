using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Training.Hosting;
using Training.Optim;
using Training.Schedulers;

namespace Training.Plots;

/// <summary>
/// The picture of a configuration's schedule before training: the learning rate of each parameter group over the
/// updates, and the weight decay when a weight-decay scheduler changes it.
/// </summary>
public static class SchedulePlot
{
    /// <summary>The chart of <paramref name="trace"/> (groups after the first dashed: groups often share a schedule).</summary>
    public static Chart Build(ScheduleTrace trace, bool logLearningRate = false)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var panels = new List<ChartPanel>
        {
            new("Learning rate per parameter group", "learning rate",
                trace.Groups.Select((g, i) => new PlotSeries(g.Name, Points(g.LearningRates), Dashed: i > 0)).ToList(), logLearningRate),
        };
        if (trace.SchedulesWeightDecay)
            panels.Add(new ChartPanel("Weight decay per parameter group", "weight decay",
                trace.Groups.Select((g, i) => new PlotSeries(g.Name, Points(g.WeightDecays), Dashed: i > 0)).ToList()));
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{trace.Scheduler} with {trace.Optimizer}: {trace.Steps} updates, {trace.WarmupSteps} warm-up{(trace.MetricDriven ? " (follows the eval metric: starting values shown)" : "")}");
        return new Chart(title, "step", panels);
    }

    /// <summary>Update <c>k</c> (1-based) of a per-update sequence.</summary>
    public static IReadOnlyList<PlotPoint> Points(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Select((v, i) => new PlotPoint(i + 1, v)).ToList();
    }

    /// <summary>
    /// The schedule of the configuration in <paramref name="settingsFolder"/> (its <c>appsettings.json</c>, then the
    /// environment and <paramref name="commandLine"/>; the <c>Training</c> section bound and validated as a training
    /// program does, the program's other sections left to it) over <paramref name="steps"/> updates (default:
    /// <c>MaxSteps</c>, or the epochs over <paramref name="trainExamples"/>). <paramref name="settingsFileName"/> names
    /// another settings file in that folder.
    /// </summary>
    public static ScheduleTrace Sample(string settingsFolder, string[]? commandLine = null, long? steps = null, long? trainExamples = null,
        string settingsFileName = TrainerConfiguration.SettingsFileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(settingsFolder);
        var full = TrainerConfiguration.Build(commandLine ?? [], settingsFolder, settingsFileName);
        // Only the Training section: a program's own sections ("Model", ...) are registered by the program, and
        // AddTrainer rejects sections nobody registered. Keys keep their shape (a list stays a list).
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(full.GetSection(TrainingArguments.SectionName).AsEnumerable())
            .Build();
        using var services = new ServiceCollection().AddTrainer(configuration).BuildServiceProvider();
        var args = TrainerConfiguration.Validate(services);
        return ScheduleSampler.Sample(args, steps ?? ScheduleSampler.PlannedSteps(args, trainExamples),
            services.GetRequiredService<IOptimizerRegistry>(), services.GetRequiredService<ISchedulerRegistry>());
    }

    /// <summary>Writes the picture of <paramref name="trace"/> to <paramref name="svgPath"/> and a PNG beside it where <c>rsvg-convert</c> is installed.</summary>
    public static PictureFiles Write(ScheduleTrace trace, string svgPath, bool logLearningRate = false, ChartLayout? layout = null) =>
        PictureFiles.Write(SvgChartRenderer.Render(Build(trace, logLearningRate), layout), svgPath);
}
