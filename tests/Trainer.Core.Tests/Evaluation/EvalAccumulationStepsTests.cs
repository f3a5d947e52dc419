using Training.TorchExtensions;
namespace Training.Core.Tests;

/// <summary>
/// EvalAccumulationSteps only changes when the gathered pieces move to the host (and how many are held at once), never
/// what is gathered: 1, 2 and unset give identical predictions, labels, inputs, losses and metrics.
/// </summary>
[NonParallelizable]
public class EvalAccumulationStepsTests
{
    private sealed record Gathered(float[] Predictions, long[] PredictionShape, long[] Labels, long[] Inputs, float[] Losses, IReadOnlyDictionary<string, double> Metrics);

    private static Gathered Evaluate(int? accumulation)
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        Gathered? gathered = null;
        // Seven sequences: four batches, the last one narrower, so a flush of two leaves a remainder.
        var data = PlainCausalLm.Sequences([3, 5, 2, 6, 4, 7, 2]);
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a =>
            {
                a.EvalAccumulationSteps = accumulation;
                a.IncludeForMetrics = ["inputs", "loss"];
            }), evalDataset: data, dataCollator: PlainCausalLm.Collator(),
            computeMetrics: p =>
            {
                gathered = new Gathered(p.Predictions.data<float>().ToArray(), p.Predictions.shape, p.LabelIds.data<long>().ToArray(),
                    p.Inputs!.data<long>().ToArray(), p.Losses!.data<float>().ToArray(), new Dictionary<string, double>());
                return new Dictionary<string, double> { ["accuracy"] = EvaluationFixture.Accuracy(p.Predictions, p.LabelIds) };
            });
        var metrics = trainer.Evaluate();
        return gathered! with { Metrics = metrics.Where(m => !m.Key.Contains("_per_second") && !m.Key.EndsWith("_runtime", StringComparison.Ordinal)).ToDictionary() };
    }

    [Test]
    public void OneTwoAndUnsetGiveIdenticalResults()
    {
        var unset = Evaluate(null);
        Assert.That(unset.PredictionShape, Is.EqualTo(new long[] { 7, 7, PlainCausalLm.Vocab }));
        foreach (var steps in new[] { 1, 2 })
        {
            var other = Evaluate(steps);
            Assert.Multiple(() =>
            {
                Assert.That(other.PredictionShape, Is.EqualTo(unset.PredictionShape), $"EvalAccumulationSteps = {steps}");
                Assert.That(other.Predictions, Is.EqualTo(unset.Predictions), $"EvalAccumulationSteps = {steps}");
                Assert.That(other.Labels, Is.EqualTo(unset.Labels), $"EvalAccumulationSteps = {steps}");
                Assert.That(other.Inputs, Is.EqualTo(unset.Inputs), $"EvalAccumulationSteps = {steps}");
                Assert.That(other.Losses, Is.EqualTo(unset.Losses), $"EvalAccumulationSteps = {steps}");
                Assert.That(other.Metrics, Is.EquivalentTo(unset.Metrics), $"EvalAccumulationSteps = {steps}");
            });
        }
    }

    [Test]
    public void ThePiecesMoveToTheHostEveryNSteps()
    {
        // Measured through the container the loop uses: it holds at most N batch pieces between moves.
        using var container = new EvalLoopContainer();
        using var scope = torch.NewDisposeScope();
        for (var step = 1; step <= 5; step++)
        {
            container.Add(torch.full([1, step], Scalars.Keep(step), ScalarType.Int64));
            if (step % 2 == 0) container.MoveToHost();
            Assert.That(container.PendingPieces, Is.EqualTo(step % 2), $"after step {step}");
        }

        var all = container.Take()!;
        using (all)
        {
            Assert.That(all.shape, Is.EqualTo(new long[] { 5, 5 }));
            Assert.That(all[1].data<long>().ToArray(), Is.EqualTo(new long[] { 2, 2, -100, -100, -100 }));
            Assert.That(all[4].data<long>().ToArray(), Is.EqualTo(new long[] { 5, 5, 5, 5, 5 }));
        }
    }
}
