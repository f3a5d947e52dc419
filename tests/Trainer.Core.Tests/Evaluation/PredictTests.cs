namespace Training.Core.Tests;

/// <summary>
/// Predict as Transformers' predict: the predictions and labels of a dataset, owned by the caller, with test_
/// metrics passed to OnPredict (not logged); PredictionLossOnly returns no predictions.
/// </summary>
[NonParallelizable]
public class PredictTests
{
    [Test]
    public void PredictReturnsThePredictionsLabelsAndTestMetrics()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var data = EvaluationFixture.Data(seed: 2);
        var recorder = new MetricsRecorder();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path), dataCollator: PlainCausalLm.Collator(), callbacks: [recorder],
            computeMetrics: p => new Dictionary<string, double> { ["accuracy"] = EvaluationFixture.Accuracy(p.Predictions, p.LabelIds) });
        using var output = trainer.Predict(data);
        var (expectedLogits, expectedLabels) = EvaluationFixture.Expected(model, data, batchSize: 2);
        using (expectedLogits)
        using (expectedLabels)
        {
            Assert.Multiple(() =>
            {
                Assert.That(output.Predictions!.shape, Is.EqualTo(new long[] { 5, 6, PlainCausalLm.Vocab }));
                Assert.That(output.Predictions.allclose(expectedLogits, rtol: 0, atol: 1e-6), Is.True);
                Assert.That(output.LabelIds!.equal(expectedLabels).all().item<bool>(), Is.True);
                Assert.That(output.Metrics["test_accuracy"], Is.EqualTo(EvaluationFixture.Accuracy(expectedLogits, expectedLabels)));
                Assert.That(output.Metrics.Keys, Is.SupersetOf(new[] { "test_loss", "test_runtime", "test_samples_per_second", "test_steps_per_second" }));
                Assert.That(output.Metrics.Keys.Where(k => !k.StartsWith("test_", StringComparison.Ordinal)), Is.Empty, "every key has the test_ prefix");
                Assert.That(recorder.Predictions.Single(), Is.EquivalentTo(output.Metrics), "OnPredict gets the metrics");
                Assert.That(recorder.Evaluations, Is.Empty, "a prediction is not an evaluation");
                Assert.That(trainer.State.LogHistory, Is.Empty, "Transformers' predict does not log");
            });
        }
    }

    [Test]
    public void CollationWorkersGiveTheSamePredictionsAsTheTrainingThread()
    {
        // Evaluation and prediction collate on DataloaderNumWorkers threads too, in order.
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var data = EvaluationFixture.Data(seed: 3);
        var inline = new Trainer(model, PlainCausalLm.Args(folder.Path), dataCollator: PlainCausalLm.Collator());
        var threads = new System.Collections.Concurrent.ConcurrentBag<int>();
        var recording = new ThreadRecordingCollator(PlainCausalLm.Collator(), threads);
        var threaded = new Trainer(model, PlainCausalLm.Args(folder.Path, a => a.DataloaderNumWorkers = 2), dataCollator: recording);
        using var expected = inline.Predict(data);
        using var actual = threaded.Predict(data);
        Assert.Multiple(() =>
        {
            Assert.That(threads, Has.None.EqualTo(Environment.CurrentManagedThreadId), "every batch was collated on a worker");
            Assert.That(actual.Predictions!.equal(expected.Predictions!).all().item<bool>(), Is.True);
            Assert.That(actual.LabelIds!.equal(expected.LabelIds!).all().item<bool>(), Is.True);
            Assert.That(actual.Metrics["test_loss"], Is.EqualTo(expected.Metrics["test_loss"]));
        });
    }

    [Test]
    public void PredictWithAnotherPrefixNamesTheMetricsWithIt()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path), dataCollator: PlainCausalLm.Collator());
        using var output = trainer.Predict(EvaluationFixture.Data(), metricKeyPrefix: "holdout");
        Assert.That(output.Metrics.Keys, Has.Member("holdout_loss").And.No.Member("test_loss"));
    }

    [Test]
    public void PredictionLossOnlyReturnsNoPredictionsAndComputesNoMetrics()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var calls = 0;
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a => a.PredictionLossOnly = true), evalDataset: EvaluationFixture.Data(),
            dataCollator: PlainCausalLm.Collator(), computeMetrics: _ =>
            {
                calls++;
                return new Dictionary<string, double> { ["accuracy"] = 1 };
            });
        using var output = trainer.Predict(EvaluationFixture.Data());
        var evaluated = trainer.Evaluate();
        Assert.Multiple(() =>
        {
            Assert.That(output.Predictions, Is.Null);
            Assert.That(output.LabelIds, Is.Null);
            Assert.That(output.Metrics.Keys, Has.Member("test_loss").And.No.Member("test_accuracy"));
            Assert.That(evaluated.Keys, Has.Member("eval_loss").And.No.Member("eval_accuracy"));
            Assert.That(calls, Is.Zero);
        });
    }

    [Test]
    public void ADatasetWithoutLabelsGivesPredictionsAndNoLoss()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var unlabelled = new DataCollator<long[]>(examples =>
        {
            using var batch = PlainCausalLm.Collator().Collate(new ListDataset<long[]>(examples), Enumerable.Range(0, examples.Count).ToArray());
            return new Batch(examples.Count, new Dictionary<string, Tensor> { ["input_ids"] = batch["input_ids"].clone() });
        });
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path), dataCollator: unlabelled);
        using var output = trainer.Predict(EvaluationFixture.Data());
        Assert.Multiple(() =>
        {
            Assert.That(output.Predictions!.shape, Is.EqualTo(new long[] { 5, 6, PlainCausalLm.Vocab }));
            Assert.That(output.LabelIds, Is.Null);
            Assert.That(output.Metrics.Keys, Has.No.Member("test_loss"));
        });
    }
}

/// <summary>A collator that records the thread each batch is collated on.</summary>
internal sealed class ThreadRecordingCollator(IDataCollator inner, System.Collections.Concurrent.ConcurrentBag<int> threads) : IDataCollator
{
    public Batch Collate(IDataset dataset, IReadOnlyList<int> indices)
    {
        threads.Add(Environment.CurrentManagedThreadId);
        return inner.Collate(dataset, indices);
    }

    public Batch Collate(IDataset dataset, IReadOnlyList<int> indices, CollationContext context)
    {
        threads.Add(Environment.CurrentManagedThreadId);
        return inner.Collate(dataset, indices, context);
    }
}
