using Microsoft.Extensions.DependencyInjection;

namespace Training.Core.Tests;

/// <summary>Every way to choose the optimizer and scheduler: by name, factory + kwargs, prebuilt, subclass, DI registration.</summary>
[NonParallelizable]
public class CustomizationTests
{
    private static TrainingArguments Args(string output, Action<TrainingArguments>? configure = null) =>
        TinyRegression.Args(output, a => { a.MaxSteps = 4; configure?.Invoke(a); });

    [Test]
    public void ByNameFromTheArguments()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = new Trainer(model, Args(folder.Path, a => { a.Optim = "lion"; a.LrSchedulerType = "cosine"; a.WeightDecay = 0.1; }),
            TinyRegression.Data(64), null, TinyRegression.Collator);
        trainer.Train();
        Assert.That(trainer.Optimizer, Is.InstanceOf<Lion>());
        Assert.That(trainer.Optimizer!.ParamGroups[0]["weight_decay"], Is.EqualTo(0.1));
        Assert.That(trainer.Optimizer.ParamGroups[1]["weight_decay"], Is.EqualTo(0.0), "biases and norms are not decayed");
        Assert.That(trainer.Optimizer.ParamGroups[1].Parameters, Has.Count.EqualTo(4), "hidden.bias, norm.weight, norm.bias, head.bias");
    }

    [Test]
    public void AFactoryWithKwargs()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var factory = new OptimizerClsAndKwargs((groups, kwargs) => new Sgd(groups, new SgdOptions
        {
            LearningRate = (double)kwargs["lr"]!, Momentum = (double)kwargs["momentum"]!,
        }), new Dictionary<string, object?> { ["lr"] = 0.05, ["momentum"] = 0.9 });
        var trainer = new Trainer(model, Args(folder.Path), TinyRegression.Data(64), null, TinyRegression.Collator, optimizerClsAndKwargs: factory);
        trainer.Train();
        Assert.That(trainer.Optimizer, Is.InstanceOf<Sgd>());
        Assert.That(trainer.Optimizer!.ParamGroups[0]["momentum"], Is.EqualTo(0.9));
        Assert.That(trainer.Optimizer.ParamGroups[0]["initial_lr"], Is.EqualTo(0.05), "the scheduler started from the factory's lr");
    }

    [Test]
    public void PrebuiltInstancesAreUsedAsGivenAndConflictsAreRejected()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var optimizer = new Adagrad(model.parameters(), new AdagradOptions { LearningRate = 0.1 });
        var scheduler = new ScheduledValue("Constant", optimizer, "lr", (_, _) => Schedule.Constant(0.02));
        var trainer = new Trainer(model, Args(folder.Path, a => a.LoggingSteps = 2), TinyRegression.Data(64), null, TinyRegression.Collator, optimizers: (optimizer, scheduler));
        trainer.Train();
        Assert.That(trainer.Optimizer, Is.SameAs(optimizer));
        Assert.That(trainer.LrScheduler, Is.SameAs(scheduler));
        Assert.That(trainer.State.LogHistory.First(e => e.ContainsKey("learning_rate"))["learning_rate"], Is.EqualTo(0.02));
        var e = Assert.Throws<InvalidOperationException>(() => _ = new Trainer(model, Args(folder.Path), optimizers: (optimizer, null),
            optimizerClsAndKwargs: new OptimizerClsAndKwargs((g, _) => new Sgd(g), new Dictionary<string, object?>())));
        Assert.That(e!.Message, Does.Contain("incompatible"));
    }

    private sealed class HeadBoostTrainer(TinyRegression model, TrainingArguments args, IDataset train) :
        Trainer(model, args, train, null, TinyRegression.Collator)
    {
        public override Optimizer CreateOptimizer()
        {
            if (Optimizer is not null) return Optimizer;
            var head = Model.named_children().Single(c => c.name == "head").module.parameters().Cast<Tensor>().ToList();
            var rest = Model.parameters().Cast<Tensor>().Where(p => !head.Contains(p)).ToList();
            Optimizer = new AdamW([new ParamGroup(rest), new ParamGroup(head, new Dictionary<string, object?> { ["lr"] = Args.LearningRate * 10 })],
                new AdamWOptions { LearningRate = Args.LearningRate });
            return Optimizer;
        }

        public override Scheduler CreateScheduler(long numTrainingSteps, Optimizer? optimizer = null)
        {
            LrScheduler ??= new ScheduledValue("Halving", optimizer ?? Optimizer!, "lr", (_, initial) => Schedule.From(t => initial / (1 + t)));
            return LrScheduler;
        }
    }

    [Test]
    public void ASubclassOverridesCreateOptimizerAndCreateScheduler()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = new HeadBoostTrainer(model, Args(folder.Path), TinyRegression.Data(64));
        trainer.Train();
        Assert.That(trainer.Optimizer!.ParamGroups[1].LearningRate, Is.EqualTo(0.1 / 5).Within(1e-12), "10x lr, halved schedule after 4 steps");
        Assert.That(trainer.Optimizer.ParamGroups[0].LearningRate, Is.EqualTo(0.01 / 5).Within(1e-12));
    }

    [Test]
    public void AnOptimizerAndSchedulerRegisteredThroughDiAreSelectedByName()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var services = new ServiceCollection()
            .AddBuiltInOptimizers().AddBuiltInSchedulers()
            .AddOptimizer("half_sgd", r => new Sgd(r.ParamGroups, new SgdOptions { LearningRate = r.LearningRate / 2 }), "SGD at half the lr", 0)
            .AddScheduler("always_tiny", r => new ScheduledValue("Tiny", r.Optimizer, "lr", (_, _) => Schedule.Constant(1e-4)))
            .BuildServiceProvider();
        var trainer = new Trainer(model, Args(folder.Path, a => { a.Optim = "half_sgd"; a.LrSchedulerType = "always_tiny"; }),
            TinyRegression.Data(64), null, TinyRegression.Collator, services: services);
        trainer.Train();
        Assert.That(trainer.Optimizer, Is.InstanceOf<Sgd>());
        Assert.That(trainer.Optimizer!.ParamGroups[0]["initial_lr"], Is.EqualTo(0.005));
        Assert.That(trainer.Optimizer.ParamGroups[0].LearningRate, Is.EqualTo(1e-4));
    }
}
