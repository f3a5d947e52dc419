using Training.TorchExtensions;
namespace Training.Core.Tests;

[NonParallelizable]
public class TrainingLoopTests
{
    [Test]
    public void ATinyRunLowersTheLossAndLogsTransformersFields()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path), TinyRegression.Data(256), TinyRegression.Data(64, seed: 9), TinyRegression.Collator);
        var before = trainer.Evaluate()["eval_loss"];
        var output = trainer.Train();
        var after = trainer.Evaluate()["eval_loss"];
        var logs = trainer.State.LogHistory.Where(e => e.ContainsKey("loss")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(after, Is.LessThan(before * 0.5), "evaluation loss falls");
            Assert.That(output.GlobalStep, Is.EqualTo(96), "3 epochs x 32 batches");
            Assert.That(logs, Has.Count.EqualTo(96 / 5));
            Assert.That(logs[0].Keys, Is.SupersetOf(new[] { "loss", "grad_norm", "learning_rate", "epoch", "step" }));
            Assert.That(logs[^1]["loss"], Is.LessThan(logs[0]["loss"]));
            Assert.That(logs[0]["learning_rate"], Is.EqualTo(1e-2 * (96 - 4) / 96.0).Within(1e-12), "the lr used by step 5 (linear decay)");
            Assert.That(trainer.State.Epoch, Is.EqualTo(3.0).Within(1e-12));
        });
    }

    [Test]
    public void GradientAccumulationOfTwoByFourEqualsOneByEight()
    {
        using var folder = new TempFolder();
        double[] Run(int batch, int accumulation)
        {
            using var model = new TinyRegression();
            var args = TinyRegression.Args(folder.Path, a =>
            {
                a.PerDeviceTrainBatchSize = batch;
                a.GradientAccumulationSteps = accumulation;
                a.MaxSteps = 6;
                a.MaxGradNorm = 0;
                a.Optim = "sgd";
                a.LrSchedulerType = "constant";
            });
            // Without shuffling differences, both runs see the same 8 examples per update.
            new Trainer(model, args, TinyRegression.Data(48), null, TinyRegression.Collator).Train();
            return model.parameters().SelectMany(p => p.to(ScalarType.Float64).ToArray<double>()).ToArray();
        }

        var accumulated = Run(4, 2);
        var single = Run(8, 1);
        Closeness.AssertClose(accumulated, single, 1e-5, 1e-6, "parameters after 6 updates");
    }

    [Test]
    public void NonFiniteLossSkipsTheUpdateOrStops()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var poisoned = new DataCollator<(float[] X, float Y)>(examples => new Batch(examples.Count, new Dictionary<string, Tensor>
        {
            ["x"] = torch.full(new long[] { examples.Count, 4 }, Scalars.Keep(float.NaN)),
            ["y"] = torch.zeros(examples.Count),
        }));
        var before = model.parameters().Select(p => p.clone().DetachFromDisposeScope()).ToList();
        new Trainer(model, TinyRegression.Args(folder.Path, a => a.MaxSteps = 3), TinyRegression.Data(64), null, poisoned).Train();
        Assert.That(model.parameters().Zip(before).All(p => p.First.ValuesEqual(p.Second)), Is.True, "parameters intact after skipped updates");

        var stopping = new Trainer(model, TinyRegression.Args(folder.Path, a => { a.MaxSteps = 3; a.NonFiniteLoss = NonFinitePolicy.Stop; }),
            TinyRegression.Data(64), null, poisoned);
        var e = Assert.Throws<NonFiniteLossException>(() => stopping.Train());
        Assert.That(e!.Message, Does.Contain("not finite"));
        Assert.That(model.parameters().Zip(before).All(p => p.First.ValuesEqual(p.Second)), Is.True);
        foreach (var t in before) t.Dispose();
    }

    [Test]
    public void ATrainingStepLeavesNoTensorsBehind()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a => a.MaxSteps = 3), TinyRegression.Data(64), null, TinyRegression.Collator);
        trainer.Train();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = LiveTensors.SettledCount();
        var again = new Trainer(model, TinyRegression.Args(folder.Path, a => a.MaxSteps = 20), TinyRegression.Data(64), null, TinyRegression.Collator,
            optimizers: (trainer.Optimizer, null));
        again.Train();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline), "20 more steps with the same optimizer hold no extra tensors");
    }
}
