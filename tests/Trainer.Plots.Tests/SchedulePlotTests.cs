using Microsoft.Extensions.DependencyInjection;
using Training.Optim;
using Training.Schedulers;

namespace Training.Plots.Tests;

public class SchedulePlotTests : PictureFolderTest
{
    private static ScheduleTrace Sample(TrainingArguments args, long steps)
    {
        using var services = new ServiceCollection().AddBuiltInOptimizers().AddBuiltInSchedulers().BuildServiceProvider();
        return ScheduleSampler.Sample(args, steps, services.GetRequiredService<IOptimizerRegistry>(), services.GetRequiredService<ISchedulerRegistry>());
    }

    [Test]
    public void Each_group_follows_the_cosine_schedule_with_warm_up_update_by_update()
    {
        var args = new TrainingArguments { LearningRate = 1e-3, WeightDecay = 0.01, LrSchedulerType = "cosine", WarmupSteps = 10, MaxSteps = 100 };
        var trace = Sample(args, ScheduleSampler.PlannedSteps(args));
        Assert.That((trace.Steps, trace.WarmupSteps, trace.Optimizer, trace.MetricDriven), Is.EqualTo((100L, 10L, "adamw_torch", false)));
        Assert.That(trace.Groups.Select(g => g.Name), Is.EqualTo(new[] { "decay", "no_decay" }));
        // Transformers' get_cosine_schedule_with_warmup, evaluated at the scheduler steps done before update k (k - 1).
        var expected = Enumerable.Range(0, 100).Select(t => t < 10
            ? 1e-3 * t / 10.0
            : 1e-3 * Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * (t - 10) / 90.0)))).ToList();
        foreach (var group in trace.Groups) Assert.That(group.LearningRates, Is.EqualTo(expected).Within(1e-15));
        Assert.That(trace.Groups[0].WeightDecays, Has.All.EqualTo(0.01));
        Assert.That(trace.Groups[1].WeightDecays, Has.All.EqualTo(0.0));
        Assert.That(trace.SchedulesWeightDecay, Is.False);
        Assert.That(SchedulePlot.Build(trace).Panels, Has.Count.EqualTo(1));
    }

    [Test]
    public void The_values_are_those_of_the_registry_scheduler_stepped_on_the_real_trainer_groups()
    {
        var args = new TrainingArguments { LearningRate = 2e-4, WeightDecay = 0.1, LrSchedulerType = "polynomial", WarmupSteps = 0.1, MaxSteps = 50 };
        args.LrSchedulerKwargs["power"] = "2";
        args.LrSchedulerKwargs["lr_end"] = "1e-6";
        var trace = Sample(args, 50);

        using var services = new ServiceCollection().AddBuiltInOptimizers().AddBuiltInSchedulers().BuildServiceProvider();
        using var model = TorchSharp.torch.nn.Sequential(("fc", TorchSharp.torch.nn.Linear(3, 2)), ("norm", TorchSharp.torch.nn.LayerNorm(2)));
        using var optimizer = services.GetRequiredService<IOptimizerRegistry>().Create("adamw_torch",
            new OptimizerRequest { ParamGroups = DecayGrouping.CreateGroups(model, 0.1), LearningRate = 2e-4, WeightDecay = 0.1 });
        var scheduler = services.GetRequiredService<ISchedulerRegistry>().Create("polynomial", new SchedulerRequest
        {
            Optimizer = optimizer, NumWarmupSteps = 5, NumTrainingSteps = 50,
            Kwargs = new Dictionary<string, object?> { ["power"] = "2", ["lr_end"] = "1e-6" },
        });
        var reference = new List<double[]>();
        for (var step = 0; step < 50; step++)
        {
            reference.Add(optimizer.ParamGroups.Select(g => g["lr"]).ToArray());
            scheduler.Step();
        }

        Assert.That(trace.WarmupSteps, Is.EqualTo(5));
        for (var g = 0; g < 2; g++) Assert.That(trace.Groups[g].LearningRates, Is.EqualTo(reference.Select(r => r[g])));
        Assert.That(SchedulePlot.Points(trace.Groups[0].LearningRates)[0], Is.EqualTo(new PlotPoint(1, 0)));
    }

    [Test]
    public void A_weight_decay_scheduler_gets_its_own_panel()
    {
        var args = new TrainingArguments { LearningRate = 1e-3, WeightDecay = 0.05, LrSchedulerType = "cerebras.LinearWD", MaxSteps = 30 };
        args.LrSchedulerKwargs["initial_val"] = "0.1";
        args.LrSchedulerKwargs["end_val"] = "0.0";
        args.LrSchedulerKwargs["total_iters"] = "20";
        var trace = Sample(args, 30);
        Assert.That(trace.SchedulesWeightDecay, Is.True);
        var expected = Enumerable.Range(0, 30).Select(t => 0.1 * (1 - Math.Min(t, 20) / 20.0)).ToList();
        foreach (var group in trace.Groups)
        {
            Assert.That(group.WeightDecays, Is.EqualTo(expected).Within(1e-12));
            Assert.That(group.LearningRates, Has.All.EqualTo(1e-3));
        }

        var chart = SvgChartRenderer.Render(SchedulePlot.Build(trace));
        Assert.That(chart.Frames, Has.Count.EqualTo(2));
        var image = Rendering.ToPng(chart, Folder, "wd");
        var points = SchedulePlot.Points(trace.Groups[0].WeightDecays);
        // Both groups share the schedule (the second is dashed over the first): together they span the data.
        RunPlotTests.AssertExtent(image, chart.Frames[1], points, chart.Frames[1].SeriesColors[0], 0, chart.Frames[1].SeriesColors[1]);
    }

    [Test]
    public void The_picture_of_a_settings_file_draws_the_schedule_where_the_axes_put_it()
    {
        File.WriteAllText(Path.Combine(Folder, "appsettings.json"), """
            { "Training": { "LearningRate": 0.0005, "WeightDecay": 0.01, "LrSchedulerType": "cosine_with_restarts",
                            "LrSchedulerKwargs": { "num_cycles": "2" }, "WarmupSteps": 20, "NumTrainEpochs": 2, "PerDeviceTrainBatchSize": 8 } }
            """);
        var e = Assert.Throws<ArgumentException>(() => SchedulePlot.Sample(Folder));
        Assert.That(e!.Message, Does.Contain("Training:MaxSteps"));
        var trace = SchedulePlot.Sample(Folder, trainExamples: 1000);
        Assert.That(trace.Steps, Is.EqualTo(2 * 125));
        Assert.That(trace.Groups[0].LearningRates.Max(), Is.EqualTo(5e-4).Within(1e-15));

        var files = SchedulePlot.Write(trace, Path.Combine(Folder, "schedule.svg"));
        Assert.That(files.Png, Is.EqualTo(Path.Combine(Folder, "schedule.png")));
        var chart = SvgChartRenderer.Render(SchedulePlot.Build(trace));
        var image = Rendering.ToPng(chart, Folder, "schedule");
        var frame = chart.Frames[0];
        // Both groups share the schedule (the second is dashed over the first): together they span the data.
        var points = SchedulePlot.Points(trace.Groups[0].LearningRates);
        var extent = CurvePixels.Extent(image, frame, 6, frame.SeriesColors[0], frame.SeriesColors[1])!.Value;
        Assert.That(extent.Left, Is.EqualTo(frame.X(1)).Within(2));
        Assert.That(extent.Right, Is.EqualTo(frame.X(250)).Within(2));
        Assert.That(extent.Top, Is.EqualTo(frame.Y(points.Max(p => p.Y))).Within(2));
        Assert.That(extent.Bottom, Is.EqualTo(frame.Y(0)).Within(2));
        // The first group stays visible through the second's dashes.
        Assert.That(CurvePixels.Extent(image, frame, 6, frame.SeriesColors[0]), Is.Not.Null);
    }

    [Test]
    public void The_TinyGpt_settings_give_its_cosine_schedule_and_leave_its_model_section_alone()
    {
        var trace = SchedulePlot.Sample(Training.Testing.Repository.File("examples", "TinyGpt"));
        Assert.That((trace.Steps, trace.WarmupSteps, trace.Scheduler, trace.Optimizer), Is.EqualTo((600L, 30L, "cosine", "adamw_torch_fused")));
        Assert.That(trace.Groups[0].LearningRates[30], Is.EqualTo(0.003).Within(1e-15));
        Assert.That(trace.Groups[1].LearningRates[^1], Is.LessThan(1e-6));
        var e = Assert.Throws<Training.Hosting.TrainerConfigurationException>(() =>
            SchedulePlot.Sample(Training.Testing.Repository.File("examples", "TinyGpt"), ["--Training:LrSchedulerType=cosin"]));
        Assert.That(e!.Message, Does.Contain("cosine"));
    }

    [Test]
    public void A_metric_driven_scheduler_keeps_its_starting_values_and_says_so()
    {
        var args = new TrainingArguments { LearningRate = 1e-3, LrSchedulerType = "reduce_lr_on_plateau", MaxSteps = 20 };
        var trace = Sample(args, 20);
        Assert.That(trace.MetricDriven, Is.True);
        Assert.That(trace.Groups.SelectMany(g => g.LearningRates), Has.All.EqualTo(1e-3));
        Assert.That(SchedulePlot.Build(trace).Title, Does.Contain("eval metric"));
    }

    [Test]
    public void An_unknown_scheduler_names_the_closest_one()
    {
        var args = new TrainingArguments { LrSchedulerType = "cosin", MaxSteps = 10 };
        var e = Assert.Catch(() => Sample(args, 10));
        Assert.That(e!.Message, Does.Contain("cosine"));
    }
}
