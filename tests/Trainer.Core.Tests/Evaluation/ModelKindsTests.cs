using Training.TorchExtensions;
namespace Training.Core.Tests;

/// <summary>
/// The Trainer's defaults for each kind of model: a Module&lt;Batch, ModelOutput&gt; trains and predicts on its own,
/// a Module&lt;Batch, Tensor&gt; returning its loss still trains and evaluates its loss, a computeLossFunc model gets
/// its predictions from the model's output, and PredictionStep can be overridden.
/// </summary>
[NonParallelizable]
public class ModelKindsTests
{
    [Test]
    public void AModelReturningModelOutputTrainsAndPredictsWithoutALossFunction()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        // Random token sequences: the model can only learn these ones, so it is evaluated on them.
        var data = PlainCausalLm.Sequences([5, 6, 7, 8, 5, 6]);
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a => { a.MaxSteps = 30; a.LearningRate = 0.5; }),
            data, data, PlainCausalLm.Collator(),
            computeMetrics: p => new Dictionary<string, double> { ["accuracy"] = EvaluationFixture.Accuracy(p.Predictions, p.LabelIds) });
        var before = trainer.Evaluate()["eval_loss"];
        trainer.Train();
        trainer.Optimizer!.Dispose();
        var after = trainer.Evaluate();
        Assert.Multiple(() =>
        {
            Assert.That(after["eval_loss"], Is.LessThan(before), "trained through ModelOutput.Loss");
            Assert.That(after.Keys, Has.Member("eval_accuracy"), "predicted through ModelOutput.Logits");
        });
    }

    [Test]
    public void AModelReturningOnlyItsLossEvaluatesItsLossAndComputesNoMetrics()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var calls = 0;
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a => a.LabelNames = ["y"]), TinyRegression.Data(32), TinyRegression.Data(16, seed: 4),
            TinyRegression.Collator, computeMetrics: _ =>
            {
                calls++;
                return new Dictionary<string, double>();
            });
        var metrics = trainer.Evaluate();
        using var output = trainer.Predict(TinyRegression.Data(16, seed: 4));
        Assert.Multiple(() =>
        {
            Assert.That(metrics["eval_loss"], Is.GreaterThan(0));
            Assert.That(output.Predictions, Is.Null, "a loss-only model has no logits");
            Assert.That(output.LabelIds!.shape, Is.EqualTo(new long[] { 16 }), "the labels are still gathered");
            Assert.That(calls, Is.Zero, "nothing to compute metrics from");
        });
    }

    [Test]
    public void AModelReturningOnlyItsLossIsEvaluatedWithoutLabelsOfTheDefaultName()
    {
        // TinyRegression's target is "y", not "labels": the batch has no labels, but the model returns nothing but its
        // loss, so that is the evaluation loss (Transformers' can_return_loss), and there are no labels to gather.
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var data = TinyRegression.Data(16);
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path), evalDataset: data, dataCollator: TinyRegression.Collator);
        double expected;
        using (torch.no_grad())
        using (var batch = TinyRegression.Collator.Collate(data, Enumerable.Range(0, 8).ToArray()))
        using (var second = TinyRegression.Collator.Collate(data, Enumerable.Range(8, 8).ToArray()))
        using (torch.NewDisposeScope())
            expected = (model.call(batch).item<float>() + model.call(second).item<float>()) / 2;
        using var output = trainer.Predict(data);
        Assert.Multiple(() =>
        {
            Assert.That(trainer.Evaluate()["eval_loss"], Is.EqualTo(expected).Within(1e-6));
            Assert.That(output.LabelIds, Is.Null);
        });
    }

    [Test]
    public void AComputeLossFuncModelStillGetsPredictionsFromTheModelsOutput()
    {
        using var folder = new TempFolder();
        using var model = new PlainCausalLm();
        var data = EvaluationFixture.Data();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path), evalDataset: data, dataCollator: PlainCausalLm.Collator(),
            computeLossFunc: (m, batch, _) => ((PlainCausalLm)m).call(batch).Loss!.mul(Scalars.Keep(2)),
            computeMetrics: p => new Dictionary<string, double> { ["accuracy"] = EvaluationFixture.Accuracy(p.Predictions, p.LabelIds) });
        var metrics = trainer.Evaluate();
        var plain = new Trainer(model, PlainCausalLm.Args(folder.Path), evalDataset: data, dataCollator: PlainCausalLm.Collator()).Evaluate();
        Assert.Multiple(() =>
        {
            Assert.That(metrics["eval_loss"], Is.EqualTo(2 * plain["eval_loss"]).Within(1e-6), "the evaluation loss is the function's");
            Assert.That(metrics.Keys, Has.Member("eval_accuracy"), "the logits came from a forward pass of the model");
        });
    }

    [Test]
    public void AnOverriddenPredictionStepDecidesWhatIsGathered()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        Tensor? seen = null;
        var trainer = new LastTokenTrainer(model, PlainCausalLm.Args(folder.Path), EvaluationFixture.Data(), p =>
        {
            seen = p.Predictions.clone().DetachFromDisposeScope();
            return new Dictionary<string, double>();
        });
        trainer.Evaluate();
        using (seen)
            Assert.That(seen!.shape, Is.EqualTo(new long[] { 5, PlainCausalLm.Vocab }), "one row per example: the override's logits");
    }

    /// <summary>Gathers only the first position's logits.</summary>
    private sealed class LastTokenTrainer(TinyCausalLm model, TrainingArguments args, IDataset eval, Func<EvalPrediction, IReadOnlyDictionary<string, double>> metrics)
        : Trainer(model, args, evalDataset: eval, dataCollator: PlainCausalLm.Collator(), computeMetrics: metrics)
    {
        public override (Tensor? Loss, Tensor? Logits, Tensor? Labels) PredictionStep(torch.nn.Module model, Batch batch, bool predictionLossOnly)
        {
            var (loss, logits, labels) = base.PredictionStep(model, batch, predictionLossOnly);
            return (loss, logits?.select(1, 0), labels);
        }
    }
}
