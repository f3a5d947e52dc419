namespace Training.Core.Tests;

/// <summary>
/// MetricForBestModel naming a ComputeMetrics result: it picks the best checkpoint (GreaterIsBetter deciding the
/// direction), drives EarlyStoppingCallback, and a metric the evaluation never reports is MissingMetricException
/// naming what it did report.
/// </summary>
[NonParallelizable]
public class BestMetricTests
{
    // The accuracy of the evaluations at steps 2, 4, 6, 8, 10, ...: best at step 6, then two without improvement.
    private static readonly double[] Script = [0.2, 0.4, 0.6, 0.5, 0.55, 0.9, 0.95, 0.99];

    private static Trainer Run(TempFolder folder, PlainCausalLm model, bool greaterIsBetter, int patience = 2)
    {
        var evaluation = 0;
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a =>
            {
                a.MaxSteps = 16; a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 2; a.SaveStrategy = SaveStrategy.Steps; a.SaveSteps = 2;
                a.MetricForBestModel = "accuracy"; a.GreaterIsBetter = greaterIsBetter; a.LoadBestModelAtEnd = true;
            }), PlainCausalLm.Sequences([4, 5, 6, 3]), EvaluationFixture.Data(), PlainCausalLm.Collator(), [new EarlyStoppingCallback(patience)],
            computeMetrics: _ => new Dictionary<string, double> { ["accuracy"] = Script[evaluation++] });
        trainer.Train();
        trainer.Optimizer!.Dispose();
        return trainer;
    }

    [Test]
    public void AComputedAccuracyPicksTheBestCheckpointAndStopsTheRun()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var trainer = Run(folder, model, greaterIsBetter: true);
        Assert.Multiple(() =>
        {
            Assert.That(trainer.State.BestMetric, Is.EqualTo(0.6));
            Assert.That(trainer.State.BestGlobalStep, Is.EqualTo(6));
            Assert.That(trainer.State.BestModelCheckpoint, Does.EndWith("checkpoint-6"));
            Assert.That(trainer.State.GlobalStep, Is.EqualTo(10), "0.5 and 0.55 do not beat 0.6: patience 2 ends the run at step 10");
            Assert.That(trainer.State.LogHistory.Where(e => e.ContainsKey("eval_accuracy")).Select(e => e["eval_accuracy"]), Is.EqualTo(Script.Take(5)));
        });
    }

    [Test]
    public void GreaterIsBetterFalseTurnsTheChoiceAround()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var trainer = Run(folder, model, greaterIsBetter: false);
        Assert.Multiple(() =>
        {
            Assert.That(trainer.State.BestMetric, Is.EqualTo(0.2));
            Assert.That(trainer.State.BestModelCheckpoint, Does.EndWith("checkpoint-2"));
            Assert.That(trainer.State.GlobalStep, Is.EqualTo(6));
        });
    }

    [Test]
    public void TheBestCheckpointIsLoadedAtTheEnd()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var trainer = Run(folder, model, greaterIsBetter: true);
        using var scope = torch.NewDisposeScope();
        var saved = SafeTensors.Load(Path.Combine(trainer.State.BestModelCheckpoint!, "model.safetensors"));
        foreach (var (name, parameter) in model.named_parameters())
            Assert.That(parameter.equal(saved[name]).all().item<bool>(), Is.True, $"{name} holds the step-6 weights, not the step-10 ones");
    }

    [TestCase(0.5, 0.5, 0.5, ExpectedResult = new[] { 0.05, 0.05, 0.05, 0.005 })]
    [TestCase(0.5, 0.4, 0.3, ExpectedResult = new[] { 0.05, 0.05, 0.05, 0.05 })]
    public double[] AComputedMetricDrivesAPlateauScheduler(double first, double second, double third)
    {
        // mode "min" (ReduceLROnPlateau's default), patience 1: the third evaluation without a lower accuracy cuts the lr.
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        double[] script = [first, second, third];
        var evaluation = 0;
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a =>
            {
                a.MaxSteps = 4; a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 1; a.MetricForBestModel = "accuracy";
                a.LrSchedulerType = "reduce_lr_on_plateau"; a.LrSchedulerKwargs["patience"] = "1";
            }), PlainCausalLm.Sequences([4, 5, 6, 3]), EvaluationFixture.Data(), PlainCausalLm.Collator(),
            computeMetrics: _ => new Dictionary<string, double> { ["accuracy"] = script[Math.Min(evaluation++, 2)] });
        trainer.Train();
        trainer.Optimizer!.Dispose();
        return trainer.State.LogHistory.Where(e => e.ContainsKey("learning_rate")).Select(e => Math.Round(e["learning_rate"], 6)).ToArray();
    }

    [Test]
    public void AMetricTheEvaluationDoesNotReportIsMissingMetricExceptionNamingWhatItReported()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a =>
            {
                a.MaxSteps = 4; a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 2; a.MetricForBestModel = "accuracy";
            }), PlainCausalLm.Sequences([4, 5, 6, 3]), EvaluationFixture.Data(), PlainCausalLm.Collator(),
            computeMetrics: _ => new Dictionary<string, double> { ["precision"] = 0.5 });
        var e = Assert.Throws<MissingMetricException>(() => trainer.Train());
        trainer.Optimizer?.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(e!.Key, Is.EqualTo("eval_accuracy"));
            Assert.That(e.Message, Does.StartWith("Training:MetricForBestModel = 'accuracy' names 'eval_accuracy', which the evaluation did not report (it reported: eval_loss, eval_precision, eval_runtime,"));
            Assert.That(e.Message, Does.EndWith("Return 'accuracy' from ComputeMetrics (or name a reported key) or change Training:MetricForBestModel."));
            Assert.That(trainer.State.GlobalStep, Is.EqualTo(2), "the first evaluation stopped the run");
        });
    }

    [Test]
    public void EarlyStoppingWithoutTheDefaultLossIsMissingMetricExceptionToo()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a =>
            {
                a.MaxSteps = 4; a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 2;
            }), PlainCausalLm.Sequences([4, 5, 6, 3]), dataCollator: PlainCausalLm.Collator(), callbacks: [new EarlyStoppingCallback()],
            evalDatasets: new Dictionary<string, IDataset> { ["valid"] = EvaluationFixture.Data() });
        var e = Assert.Throws<MissingMetricException>(() => trainer.Train());
        trainer.Optimizer?.Dispose();
        Assert.That(e!.Message, Does.StartWith("Training:MetricForBestModel (unset, so 'loss') names 'eval_loss', which the evaluation did not report (it reported: eval_valid_loss,"));
    }
}
