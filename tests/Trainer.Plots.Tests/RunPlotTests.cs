namespace Training.Plots.Tests;

public class RunPlotTests : PictureFolderTest
{
    // 100 updates: a decaying training loss with a NaN at step 50, evaluations every 20 steps, a linear learning rate.
    private static TrainerState State(long steps = 100)
    {
        var state = new TrainerState { GlobalStep = steps, MaxSteps = 100 };
        for (var step = 1; step <= steps; step++)
        {
            var loss = step == 50 ? double.NaN : 3.0 * Math.Exp(-step / 40.0) + 0.5 + 0.05 * Math.Sin(step);
            state.LogHistory.Add(new Dictionary<string, double>
            {
                ["loss"] = loss, ["learning_rate"] = 1e-3 * (1 - (step - 1) / 100.0), ["grad_norm"] = 1, ["epoch"] = step / 100.0, ["step"] = step,
            });
            if (step % 20 == 0)
                state.LogHistory.Add(new Dictionary<string, double>
                {
                    ["eval_loss"] = 3.3 * Math.Exp(-step / 40.0) + 0.9, ["eval_accuracy"] = step / 125.0, ["eval_runtime"] = 0.5,
                    ["eval_samples_per_second"] = 100, ["epoch"] = step / 100.0, ["step"] = step,
                });
        }

        state.LogHistory.Add(new Dictionary<string, double> { ["train_loss"] = 1.2, ["train_runtime"] = 10, ["step"] = steps });
        return state;
    }

    private void Checkpoint(long step, TrainerState state)
    {
        var checkpoint = CheckpointFiles.Folder(Folder, step);
        Directory.CreateDirectory(checkpoint);
        File.WriteAllText(Path.Combine(checkpoint, CheckpointFiles.TrainerState), state.ToJson());
    }

    [Test]
    public void The_history_gives_each_curve_against_the_step_without_timings()
    {
        var history = RunHistory.From(State());
        Assert.That(history.TrainingLoss, Has.Count.EqualTo(100));
        Assert.That(history.TrainingLoss[49].Y, Is.NaN);
        Assert.That(history.EvalLosses.Keys, Is.EqualTo(new[] { "eval_loss" }));
        Assert.That(history.EvalMetrics.Keys, Is.EqualTo(new[] { "eval_accuracy" }));
        Assert.That(history.EvalLosses["eval_loss"].Select(p => p.X), Is.EqualTo(new[] { 20.0, 40, 60, 80, 100 }));
        Assert.That(history.LearningRate[0], Is.EqualTo(new PlotPoint(1, 1e-3)));
    }

    [Test]
    public void The_newest_checkpoint_is_read_and_a_file_path_is_read_as_given()
    {
        Checkpoint(40, State(40));
        Checkpoint(100, State());
        Directory.CreateDirectory(Path.Combine(Folder, CheckpointFiles.TemporaryPrefix + "120"));
        Assert.That(TrainerStateFile.Locate(Folder), Is.EqualTo(Path.Combine(CheckpointFiles.Folder(Folder, 100), CheckpointFiles.TrainerState)));
        var older = Path.Combine(CheckpointFiles.Folder(Folder, 40), CheckpointFiles.TrainerState);
        Assert.That(TrainerStateFile.Read(older).State.GlobalStep, Is.EqualTo(40));
        Assert.That(TrainerStateFile.Read(CheckpointFiles.Folder(Folder, 40)).State.GlobalStep, Is.EqualTo(40));
        var e = Assert.Throws<FileNotFoundException>(() => TrainerStateFile.Locate(Path.Combine(Folder, "nothing")));
        Assert.That(e!.Message, Does.Contain("nothing"));
    }

    [Test]
    public void A_run_being_checkpointed_and_rotated_is_read_whole_every_time()
    {
        Checkpoint(1, State(1));
        using var stop = new CancellationTokenSource();
        // A writer that does what the Trainer does: a temporary Folder renamed into place, the older checkpoint rotated away.
        var writer = Task.Run(() =>
        {
            for (var step = 2L; !stop.IsCancellationRequested && step < 400; step++)
            {
                var temporary = Path.Combine(Folder, CheckpointFiles.TemporaryPrefix + step);
                Directory.CreateDirectory(temporary);
                File.WriteAllText(Path.Combine(temporary, CheckpointFiles.TrainerState), State(Math.Min(step, 100)).ToJson());
                Directory.Move(temporary, CheckpointFiles.Folder(Folder, step));
                Directory.Delete(CheckpointFiles.Folder(Folder, step - 1), recursive: true);
            }
        });
        var reads = 0;
        while (!writer.IsCompleted && reads < 200)
        {
            var (state, _) = TrainerStateFile.Read(Folder);
            Assert.That(state.LogHistory, Is.Not.Empty);
            reads++;
        }

        stop.Cancel();
        writer.Wait();
        Assert.That(reads, Is.GreaterThan(0));
    }

    [Test]
    public void The_drawn_curves_span_exactly_the_points_the_axes_map_the_data_to()
    {
        Checkpoint(100, State());
        var files = RunPlot.Write(Folder);
        Assert.That(files.Svg, Is.EqualTo(Path.Combine(Folder, "training.svg")));
        var chart = RunPlot.Render(Folder);
        var image = Rendering.ToPng(chart, Folder, "run");
        Assert.That(chart.Frames, Has.Count.EqualTo(3), "loss, eval_accuracy, learning rate");
        var history = RunHistory.From(State());

        var loss = chart.Frames[0];
        var finite = history.TrainingLoss.Where(p => double.IsFinite(p.Y)).ToList();
        AssertExtent(image, loss, finite, loss.SeriesColors[0], 0);
        // The NaN at step 50 is a gap: nothing of the training loss's colour around it.
        var gap = (int)Math.Round(loss.X(50));
        Assert.That(CurvePixels.AnyInColumns(image, loss, gap - 2, gap + 2, loss.SeriesColors[0]), Is.False);
        Assert.That(CurvePixels.AnyInColumns(image, loss, (int)loss.X(30) - 1, (int)loss.X(30) + 1, loss.SeriesColors[0]), Is.True);
        // Evaluations are dots of the marker radius.
        AssertExtent(image, loss, history.EvalLosses["eval_loss"], loss.SeriesColors[1], ChartLayout.Default.MarkerRadius);

        AssertExtent(image, chart.Frames[1], history.EvalMetrics["eval_accuracy"], chart.Frames[1].SeriesColors[0], ChartLayout.Default.MarkerRadius);
        AssertExtent(image, chart.Frames[2], history.LearningRate, chart.Frames[2].SeriesColors[0], 0);
        // Every panel shares the step axis, which covers the steps with 1-2-5 ticks.
        Assert.That(chart.Frames.Select(f => (f.XScale.Min, f.XScale.Max)), Has.All.EqualTo((0.0, 100.0)));
    }

    [Test]
    public void A_log_loss_axis_places_the_curve_by_decades()
    {
        Checkpoint(100, State());
        var chart = RunPlot.Render(Folder, new RunPlotOptions { LogLoss = true });
        var image = Rendering.ToPng(chart, Folder, "log");
        var loss = chart.Frames[0];
        Assert.That((loss.YScale.IsLog, loss.YScale.Min, loss.YScale.Max), Is.EqualTo((true, 0.1, 10.0)));
        var finite = RunHistory.From(State()).TrainingLoss.Where(p => double.IsFinite(p.Y)).ToList();
        // On a log axis from 0.1 to 10 the value v sits at (log10 v + 1) / 2 of the height.
        var highest = finite.Max(p => p.Y);
        Assert.That(loss.Y(highest), Is.EqualTo(loss.Top + (1 - (Math.Log10(highest) + 1) / 2) * loss.Height).Within(1e-9));
        AssertExtent(image, loss, finite, loss.SeriesColors[0], 0);
    }

    [Test]
    public void The_svg_is_well_formed_and_names_its_series()
    {
        Checkpoint(100, State());
        var document = System.Xml.Linq.XDocument.Parse(RunPlot.Render(Folder).Svg);
        var texts = document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        Assert.That(texts, Does.Contain("train loss").And.Contain("eval loss").And.Contain("learning rate").And.Contain("step"));
        Assert.That(texts.Single(t => t.Contains("step 100 of 100", StringComparison.Ordinal)), Is.Not.Null);
    }

    /// <summary>The curve's drawn pixels (in <paramref name="color"/>, or any of <paramref name="sameCurve"/> for curves drawn over it with the same values) reach, within 2 px (plus a marker's radius), where the axes put its first, last, highest and lowest points.</summary>
    internal static void AssertExtent(PngImage image, PanelFrame frame, IReadOnlyList<PlotPoint> points, string color, double radius, params string[] sameCurve)
    {
        var extent = CurvePixels.Extent(image, frame, 6, [color, .. sameCurve]);
        Assert.That(extent, Is.Not.Null, $"no pixel of {color} in the panel");
        var (left, right, top, bottom) = extent!.Value;
        var tolerance = 2 + radius;
        Assert.That(left, Is.EqualTo(frame.X(points.Min(p => p.X))).Within(tolerance), "leftmost");
        Assert.That(right, Is.EqualTo(frame.X(points.Max(p => p.X))).Within(tolerance), "rightmost");
        Assert.That(top, Is.EqualTo(frame.Y(points.Max(p => p.Y))).Within(tolerance), "top");
        Assert.That(bottom, Is.EqualTo(frame.Y(points.Min(p => p.Y))).Within(tolerance), "bottom");
    }
}
