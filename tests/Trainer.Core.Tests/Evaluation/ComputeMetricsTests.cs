using Training.TorchExtensions;
namespace Training.Core.Tests;

/// <summary>
/// ComputeMetrics as in Transformers: it receives exactly the evaluation set's predictions and labels, concatenated in
/// order with -100 padding where batches differ in length; its metrics come back prefixed from Evaluate, are logged
/// (log_history) and reach OnEvaluate; PreprocessLogitsForMetrics shapes what is gathered; IncludeForMetrics adds
/// inputs and losses.
/// </summary>
[NonParallelizable]
public class ComputeMetricsTests
{
    [Test]
    public void ComputeMetricsGetsEveryPredictionAndLabelPaddedWithMinus100AndItsMetricsArePrefixedLoggedAndReported()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var data = EvaluationFixture.Data();
        var recorder = new MetricsRecorder();
        Tensor? seenPredictions = null, seenLabels = null;
        var calls = 0;
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path), evalDataset: data, dataCollator: PlainCausalLm.Collator(), callbacks: [recorder],
            computeMetrics: p =>
            {
                calls++;
                seenPredictions = p.Predictions.clone().DetachFromDisposeScope();
                seenLabels = p.LabelIds.clone().DetachFromDisposeScope();
                return new Dictionary<string, double> { ["accuracy"] = EvaluationFixture.Accuracy(p.Predictions, p.LabelIds), ["eval_given"] = 7 };
            });
        var metrics = trainer.Evaluate();
        var (expectedLogits, expectedLabels) = EvaluationFixture.Expected(model, data, batchSize: 2);
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(calls, Is.EqualTo(1));
                Assert.That(seenPredictions!.shape, Is.EqualTo(new long[] { 5, 6, PlainCausalLm.Vocab }), "five examples, the widest batch's 6 tokens");
                Assert.That(seenLabels!.shape, Is.EqualTo(new long[] { 5, 6 }));
                Assert.That(seenPredictions.device_type, Is.EqualTo(DeviceType.CPU));
                Assert.That(seenPredictions.allclose(expectedLogits, rtol: 0, atol: 1e-6), Is.True, "each batch's logits, then -100 beyond its width");
                Assert.That(seenLabels.equal(expectedLabels).all().item<bool>(), Is.True, "the labels, -100 where padded");
                Assert.That(seenPredictions[0, 5, 0].item<float>(), Is.EqualTo(-100f), "the first batch is 5 wide: column 5 is padding");
                Assert.That(seenPredictions[4, 4, 0].item<float>(), Is.EqualTo(-100f), "the last batch is 4 wide");

                var accuracy = EvaluationFixture.Accuracy(expectedLogits, expectedLabels);
                Assert.That(metrics["eval_accuracy"], Is.EqualTo(accuracy), "prefixed");
                Assert.That(metrics["eval_given"], Is.EqualTo(7), "a key that has the prefix keeps it");
                Assert.That(metrics.Keys, Does.Not.Contain("accuracy").And.Not.Contain("eval_eval_given"));
                Assert.That(metrics.Keys, Is.SupersetOf(new[] { "eval_loss", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "epoch" }));
                Assert.That(trainer.State.LogHistory.Single()["eval_accuracy"], Is.EqualTo(accuracy), "logged in log_history");
                Assert.That(recorder.Evaluations.Single()["eval_accuracy"], Is.EqualTo(accuracy), "reported to OnEvaluate");
                Assert.That(recorder.PredictionSteps, Is.EqualTo(3), "one prediction step per batch");
            });
        }
        finally
        {
            seenPredictions?.Dispose();
            seenLabels?.Dispose();
            expectedLogits.Dispose();
            expectedLabels.Dispose();
        }
    }

    [Test]
    public void TheEvaluationLossIsTheExampleWeightedMeanOfTheBatchLosses()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var data = EvaluationFixture.Data();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path), evalDataset: data, dataCollator: PlainCausalLm.Collator());
        var collator = PlainCausalLm.Collator();
        double sum = 0;
        using (torch.no_grad())
            foreach (var rows in new[] { new[] { 0, 1 }, [2, 3], [4] })
            {
                using var batch = collator.Collate(data, rows);
                using var scope = torch.NewDisposeScope();
                sum += model.call(batch).Loss!.item<float>() * rows.Length;
            }

        Assert.That(trainer.Evaluate()["eval_loss"], Is.EqualTo(sum / 5).Within(1e-6));
    }

    [Test]
    public void PreprocessLogitsForMetricsReducesTheLogitsToTheirArgmaxBeforeTheyAreGathered()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var data = EvaluationFixture.Data();
        var shapes = new List<long[]>();
        Tensor? seen = null;
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path), evalDataset: data, dataCollator: PlainCausalLm.Collator(),
            computeMetrics: p =>
            {
                seen = p.Predictions.clone().DetachFromDisposeScope();
                return new Dictionary<string, double> { ["accuracy"] = EvaluationFixture.Accuracy(p.Predictions, p.LabelIds) };
            },
            preprocessLogitsForMetrics: (logits, labels) =>
            {
                shapes.Add(logits.shape);
                Assert.That(labels.shape, Is.EqualTo(logits.shape[..2]), "the batch's labels come with its logits");
                return logits.argmax(-1);
            });
        var metrics = trainer.Evaluate();
        var (expectedLogits, expectedLabels) = EvaluationFixture.Expected(model, data, batchSize: 2);
        try
        {
            using var scope = torch.NewDisposeScope();
            var expected = expectedLogits.argmax(-1).where(expectedLabels.ne(Scalars.Keep(-100)).logical_or(expectedLogits[.., .., 0].ne(Scalars.Keep(-100))), torch.tensor(-100L));
            Assert.Multiple(() =>
            {
                Assert.That(shapes, Is.EqualTo(new[] { new long[] { 2, 5, 11 }, [2, 6, 11], [1, 4, 11] }), "called per batch, on its logits");
                Assert.That(seen!.dtype, Is.EqualTo(ScalarType.Int64));
                Assert.That(seen.shape, Is.EqualTo(new long[] { 5, 6 }), "the argmax ids were gathered, not the logits");
                Assert.That(seen.equal(expected).all().item<bool>(), Is.True, "the ids, -100 beyond each batch's width");
                Assert.That(metrics["eval_accuracy"], Is.EqualTo(EvaluationFixture.Accuracy(expectedLogits, expectedLabels)));
            });
        }
        finally
        {
            seen?.Dispose();
            expectedLogits.Dispose();
            expectedLabels.Dispose();
        }
    }

    [Test]
    public void IncludeForMetricsAddsTheInputsAndTheLosses()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var data = EvaluationFixture.Data();
        Tensor? inputs = null, losses = null;
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a => a.IncludeForMetrics = ["inputs", "loss"]), evalDataset: data,
            dataCollator: PlainCausalLm.Collator(), computeMetrics: p =>
            {
                inputs = p.Inputs!.clone().DetachFromDisposeScope();
                losses = p.Losses!.clone().DetachFromDisposeScope();
                return new Dictionary<string, double>();
            });
        var metrics = trainer.Evaluate();
        try
        {
            var sequences = (IDataset<long[]>)data;
            Assert.Multiple(() =>
            {
                Assert.That(inputs!.shape, Is.EqualTo(new long[] { 5, 6 }));
                Assert.That(inputs[1].data<long>().ToArray(), Is.EqualTo(sequences[1].Append(-100).ToArray()), "a 5-wide batch, padded to 6 with -100");
                Assert.That(inputs[2].data<long>().ToArray(), Is.EqualTo(sequences[2].Concat([0L, 0, 0, 0]).ToArray()), "the collator's 0 padding inside the batch");
                Assert.That(losses!.shape, Is.EqualTo(new long[] { 5 }), "one loss per example");
                Assert.That(losses[0].item<float>(), Is.EqualTo(losses[1].item<float>()), "the batch's loss, repeated for its examples");
                Assert.That(losses.to(ScalarType.Float64).mean().item<double>(), Is.EqualTo(metrics["eval_loss"]).Within(1e-9));
            });
        }
        finally
        {
            inputs?.Dispose();
            losses?.Dispose();
        }
    }

    [Test]
    public void AComputedLossReplacesTheEvaluationLossAsInTransformers()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path), evalDataset: EvaluationFixture.Data(), dataCollator: PlainCausalLm.Collator(),
            computeMetrics: _ => new Dictionary<string, double> { ["loss"] = 42 });
        Assert.That(trainer.Evaluate()["eval_loss"], Is.EqualTo(42), "Transformers prefixes 'loss' after setting eval_loss, so it wins");
    }
}
