using Training.Core.Tests;
using Training.Core;
using Training.TorchExtensions;

namespace Training.Integrations.Tests.ScheduleFree;

/// <summary>The Schedule-Free optimizers driven by the Trainer: train/eval switching, learning, exact resume.</summary>
[NonParallelizable]
public class ScheduleFreeTrainerTests
{
    private static readonly string[] Names = ["schedule_free_adamw", "schedule_free_radam", "schedule_free_sgd"];

    private static Trainer NewTrainer(TinyRegression model, string output, string optim, Action<TrainingArguments>? configure = null)
    {
        var args = new TrainingArguments
        {
            OutputDir = output, Optim = optim, LearningRate = LearningRate(optim),
            LrSchedulerType = "constant", WarmupSteps = 3, PerDeviceTrainBatchSize = 8, MaxSteps = 40, LoggingSteps = 5,
            SaveStrategy = SaveStrategy.No, DisableTqdm = true, WeightDecay = 0.01,
        };
        configure?.Invoke(args);
        return new Trainer(model, args, TinyRegression.Data(100), TinyRegression.Data(40, seed: 3), TinyRegression.Collator,
            services: IntegrationServices.Provider);
    }

    // RAdam's rectification keeps its early steps small (0 for the first four), so it gets a larger base lr.
    private static double LearningRate(string optim) => optim switch
    {
        "schedule_free_sgd" => 0.2,
        "schedule_free_radam" => 0.05,
        _ => 0.02,
    };

    private static Dictionary<string, Tensor> Snapshot(TinyRegression model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

    [TestCaseSource(nameof(Names))]
    public void LossFallsAndTheRunEndsInEvalMode(string optim)
    {
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = NewTrainer(model, folder.Path, optim);
        var before = trainer.Evaluate()["eval_loss"];
        trainer.Train();
        var losses = trainer.State.LogHistory.Where(e => e.ContainsKey("loss")).Select(e => e["loss"]).ToList();
        Assert.That(losses, Has.Count.GreaterThanOrEqualTo(4));
        Assert.That(losses[^1], Is.LessThan(losses[0] * 0.7), $"training loss should fall: {string.Join(", ", losses)}");
        Assert.That(trainer.Evaluate()["eval_loss"], Is.LessThan(before), "the evaluated average x is better than the start");
        var optimizer = (ScheduleFreeOptimizer)trainer.Optimizer!;
        Assert.That(optimizer.IsTrainMode, Is.False, "the Trainer leaves the model at x");
        Assert.That(optimizer.ParamGroups[0]["k"], Is.EqualTo(40));
    }

    [TestCaseSource(nameof(Names))]
    public void TrainMovesXToYAndEvalBringsItBack(string optim)
    {
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = NewTrainer(model, folder.Path, optim, a => a.MaxSteps = 15);
        trainer.Train();
        var optimizer = (ScheduleFreeOptimizer)trainer.Optimizer!;
        var x = Snapshot(model);
        optimizer.Eval();
        foreach (var (name, p) in model.named_parameters())
            Assert.That(p.ValuesEqual(x[name]), Is.True, $"Eval() in eval mode changes nothing ({name})");

        optimizer.Train();
        Assert.That(optimizer.IsTrainMode, Is.True);
        foreach (var group in optimizer.ParamGroups)
        {
            var mu = group.ContainsKey("momentum") ? group["momentum"] : group.GetPair("betas").First;
            foreach (var p in group.Parameters)
            {
                var name = model.named_parameters().Single(n => ReferenceEquals(n.parameter, p)).name;
                var z = optimizer.GetState(p)!.Tensor("z");
                // Independently: y = (1−μ)·z + μ·x.
                var expected = z.mul(Scalars.Keep(1 - mu)).add(x[name].mul(Scalars.Keep(mu)));
                Assert.That(p.allclose(expected, rtol: 1e-5, atol: 1e-6), Is.True, $"after Train() {name} holds y");
            }
        }

        optimizer.Eval();
        foreach (var (name, p) in model.named_parameters())
            Assert.That(p.allclose(x[name], rtol: 0, atol: 1e-6), Is.True, $"Train() then Eval() returns x ({name})");
    }

    [TestCaseSource(nameof(Names))]
    public void ResumingFromAMidRunCheckpointIsBitwiseIdentical(string optim)
    {
        using var uninterrupted = new TempFolder();
        using var resumed = new TempFolder();
        void Configure(TrainingArguments a)
        {
            a.MaxSteps = 20;
            a.SaveStrategy = SaveStrategy.Steps;
            a.SaveSteps = 10;
        }

        Dictionary<string, Tensor> expected;
        using (var model = new TinyRegression())
        {
            NewTrainer(model, uninterrupted.Path, optim, Configure).Train();
            expected = Snapshot(model);
        }

        using (var model = new TinyRegression()) NewTrainer(model, resumed.Path, optim, Configure).Train();
        Directory.Delete(Path.Combine(resumed.Path, "checkpoint-20"), recursive: true);
        using (var model = new TinyRegression(seed: 99))
        {
            NewTrainer(model, resumed.Path, optim, Configure).Train(resumeFromCheckpoint: "last");
            foreach (var (name, p) in model.named_parameters())
                Assert.That(p.ValuesEqual(expected[name]), Is.True, $"final {name} of the resumed run");
        }

        foreach (var file in new[] { CheckpointFiles.Model, CheckpointFiles.Optimizer })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(resumed.Path, "checkpoint-20", file)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(uninterrupted.Path, "checkpoint-20", file))), file);
        }

        foreach (var t in expected.Values) t.Dispose();
    }

    /// <summary>SaveModel switches the optimizer to its evaluation point first, so the saved weights are x, not y.</summary>
    [TestCaseSource(nameof(Names))]
    public void SaveModelSavesTheEvaluationPoint(string optim)
    {
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = NewTrainer(model, folder.Path, optim, a => a.MaxSteps = 15);
        trainer.Train();
        var x = Snapshot(model);
        var optimizer = (ScheduleFreeOptimizer)trainer.Optimizer!;
        optimizer.Train();
        Assert.That(model.named_parameters().Any(p => !p.parameter.ValuesEqual(x[p.name])), Is.True, "y differs from x");
        var saved = Path.Combine(folder.Path, "final");
        trainer.SaveModel(saved);
        var weights = SafeTensors.Load(Path.Combine(saved, CheckpointFiles.Model));
        Assert.Multiple(() =>
        {
            Assert.That(optimizer.IsTrainMode, Is.False, "switched to eval");
            foreach (var (name, value) in x) Assert.That(weights[name].allclose(value, rtol: 0, atol: 1e-6), Is.True, $"{name} saved at x");
        });
        optimizer.Dispose();
    }

    /// <summary>A warm-up ratio resolves against the run length given to CreateOptimizerAndScheduler, before Train().</summary>
    [Test]
    public void AWarmUpRatioResolvesAgainstTheStepsPassedIn()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = NewTrainer(model, folder.Path, "schedule_free_adamw", a => a.WarmupSteps = 0.1);
        trainer.CreateOptimizerAndScheduler(250);
        Assert.That(trainer.Optimizer!.ParamGroups.Select(g => g["warmup_steps"]), Is.All.EqualTo(25.0), "ceil(250 × 0.1)");
        trainer.Optimizer.Dispose();
    }
}
