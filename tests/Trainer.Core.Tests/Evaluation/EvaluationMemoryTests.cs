namespace Training.Core.Tests;

/// <summary>
/// Evaluate and Predict leave no tensor behind: the gathered pieces, the host copies, what ComputeMetrics and
/// PreprocessLogitsForMetrics create, and a disposed PredictionOutput's tensors are all freed.
/// </summary>
[NonParallelizable]
public class EvaluationMemoryTests
{
    [Test]
    public void EvaluateAndPredictBringTheLiveTensorCountBackToItsBaseline()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a =>
            {
                a.EvalAccumulationSteps = 2;
                a.IncludeForMetrics = ["inputs", "loss"];
            }), evalDataset: PlainCausalLm.Sequences([3, 5, 2, 6, 4, 7, 2]), dataCollator: PlainCausalLm.Collator(),
            computeMetrics: p => new Dictionary<string, double>
            {
                // Temporaries created here without a scope of their own: the Trainer's scope frees them.
                ["accuracy"] = EvaluationFixture.Accuracy(p.Predictions, p.LabelIds),
                ["mean_input"] = p.Inputs!.to(ScalarType.Float64).mean().item<double>(),
                ["max_loss"] = p.Losses!.max().item<float>(),
            },
            preprocessLogitsForMetrics: (logits, _) => logits.log_softmax(-1));

        void Round()
        {
            trainer.Evaluate();
            using var output = trainer.Predict(PlainCausalLm.Sequences([4, 2, 6]));
            Assert.That(output.Predictions, Is.Not.Null);
        }

        Round();
        var baseline = LiveTensors.SettledCount();
        for (var i = 0; i < 3; i++) Round();
        // Counted before any collection: a tensor left to the finalizer would still be alive here.
        var live = LiveTensors.Count;
        Assert.Multiple(() =>
        {
            Assert.That(live, Is.EqualTo(baseline), "every tensor of three evaluations and predictions was disposed");
            Assert.That(LiveTensors.SettledCount(), Is.EqualTo(baseline), "and none is kept alive");
        });
    }
}
