namespace Training.Core.Tests;

/// <summary>
/// Several evaluation datasets by name (Transformers' eval_dataset dict): each is evaluated on its own with the prefix
/// eval_&lt;name&gt;, logged and reported to OnEvaluate, and their metrics returned together; MetricForBestModel can
/// name any of their keys.
/// </summary>
[NonParallelizable]
public class NamedEvalDatasetsTests
{
    private static IReadOnlyDictionary<string, IDataset> Datasets() => new Dictionary<string, IDataset>
    {
        ["a"] = PlainCausalLm.Sequences([3, 5, 2], seed: 1),
        ["b"] = PlainCausalLm.Sequences([6, 4, 7, 3], seed: 2),
    };

    [Test]
    public void TwoNamedDatasetsGiveEvalALossAndEvalBLossEachLoggedAndReported()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var recorder = new MetricsRecorder();
        var datasets = Datasets();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path), dataCollator: PlainCausalLm.Collator(), callbacks: [recorder], evalDatasets: datasets,
            computeMetrics: p => new Dictionary<string, double> { ["accuracy"] = EvaluationFixture.Accuracy(p.Predictions, p.LabelIds), ["examples"] = p.LabelIds.size(0) });
        var metrics = trainer.Evaluate();
        var alone = trainer.Evaluate(datasets["b"]);
        Assert.Multiple(() =>
        {
            Assert.That(metrics.Keys, Is.SupersetOf(new[] { "eval_a_loss", "eval_b_loss", "eval_a_accuracy", "eval_b_accuracy", "eval_a_runtime", "eval_b_runtime", "epoch" }));
            Assert.That(metrics.Keys, Has.No.Member("eval_loss"));
            Assert.That(metrics["eval_a_examples"], Is.EqualTo(3));
            Assert.That(metrics["eval_b_examples"], Is.EqualTo(4), "each dataset evaluated on its own");
            Assert.That(metrics["eval_b_loss"], Is.EqualTo(alone["eval_loss"]), "the same evaluation as that dataset alone, under its name");
            Assert.That(metrics["eval_a_loss"], Is.Not.EqualTo(metrics["eval_b_loss"]));
            Assert.That(recorder.Evaluations.Take(2).Select(e => e.Keys.Any(k => k.StartsWith("eval_a_", StringComparison.Ordinal))), Is.EqualTo(new[] { true, false }));
            Assert.That(recorder.Evaluations[1].Keys, Has.Member("eval_b_loss"), "OnEvaluate once per dataset, with its metrics");
            Assert.That(trainer.State.LogHistory.Take(2).Select(e => e.ContainsKey("eval_a_loss") ? "a" : e.ContainsKey("eval_b_loss") ? "b" : "?"),
                Is.EqualTo(new[] { "a", "b" }), "one log_history entry per dataset");
        });
    }

    [Test]
    public void BothASingleAndNamedEvaluationDatasetsAreRefused()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var e = Assert.Throws<ArgumentException>(() => _ = new Trainer(model, PlainCausalLm.Args(folder.Path), evalDataset: EvaluationFixture.Data(),
            dataCollator: PlainCausalLm.Collator(), evalDatasets: Datasets()));
        Assert.That(e!.Message, Does.StartWith("pass either evalDataset (metrics eval_*) or evalDatasets (metrics eval_<name>_*), not both"));
    }

    [Test]
    public void ANamedDatasetsLossCanPickTheBestCheckpointAndDriveEarlyStopping()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a =>
            {
                a.MaxSteps = 12; a.LearningRate = 0; a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 2; a.SaveStrategy = SaveStrategy.Steps;
                a.SaveSteps = 2; a.MetricForBestModel = "eval_b_loss"; a.LoadBestModelAtEnd = true;
            }), PlainCausalLm.Sequences([4, 5, 6, 3]), dataCollator: PlainCausalLm.Collator(), callbacks: [new EarlyStoppingCallback(patience: 2)],
            evalDatasets: Datasets());
        trainer.Train();
        trainer.Optimizer!.Dispose();
        Assert.Multiple(() =>
        {
            // Learning rate 0: the first evaluation is the best, the next two do not improve, so the run stops at step 6.
            Assert.That(trainer.State.GlobalStep, Is.EqualTo(6));
            Assert.That(trainer.State.BestGlobalStep, Is.EqualTo(2));
            Assert.That(trainer.State.BestModelCheckpoint, Does.EndWith("checkpoint-2"));
            Assert.That(trainer.State.BestMetric, Is.EqualTo(trainer.State.LogHistory.First(e => e.ContainsKey("eval_b_loss"))["eval_b_loss"]));
        });
    }
}
