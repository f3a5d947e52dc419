using Microsoft.Extensions.DependencyInjection;

namespace Training.Schedulers.Tests.Core;

public class ScheduledValueTests
{
    private static (Tensor a, Tensor b, Sgd optimizer) TwoGroups()
    {
        var a = torch.ones(2).requires_grad_().DetachFromDisposeScope();
        var b = torch.ones(2).requires_grad_().DetachFromDisposeScope();
        var optimizer = new Sgd([new ParamGroup([a], new Dictionary<string, object?> { ["lr"] = 0.1 }, ["x"]),
                                 new ParamGroup([b], new Dictionary<string, object?> { ["lr"] = 0.05, ["weight_decay"] = 0.2 })]);
        return (a, b, optimizer);
    }

    [Test]
    public void MultipliersScaleEachGroupsInitialValueAndStepOncePerUpdate()
    {
        var (a, b, optimizer) = TwoGroups();
        using (optimizer)
        using (a)
        using (b)
        {
            var scheduler = new ScheduledValue("LambdaLR", optimizer, "lr", (_, initial) => Schedule.From(t => 1.0 / (1 + t)).Scaled(initial));
            Assert.That(scheduler.GetLastLr(), Is.EqualTo(new[] { 0.1, 0.05 }), "step 0 is written at construction");
            scheduler.Step();
            scheduler.Step();
            Assert.That(scheduler.LastEpoch, Is.EqualTo(2));
            Assert.That(scheduler.GetLastLr(), Is.EqualTo(new[] { 0.1 / 3, 0.05 / 3 }).Within(1e-15));
            Assert.That(optimizer.ParamGroups[0]["initial_lr"], Is.EqualTo(0.1), "PyTorch's initial_lr is recorded");
        }
    }

    [Test]
    public void WeightDecayAndTaggedGroupsCanBeDriven()
    {
        var (a, b, optimizer) = TwoGroups();
        using (optimizer)
        using (a)
        using (b)
        {
            var wd = new ScheduledValue("LinearWD", optimizer, "weight_decay", (_, _) => Schedule.From(t => 0.1 * t), tags: [null]);
            var lr = new ScheduledValue("ConstantLR", optimizer, "lr", (_, _) => Schedule.Constant(0.7), tags: ["x"]);
            wd.Step();
            Assert.That(optimizer.ParamGroups[1]["weight_decay"], Is.EqualTo(0.1), "[null] selects the untagged group");
            Assert.That(optimizer.ParamGroups[0]["weight_decay"], Is.EqualTo(0.0), "the tagged group is left alone");
            Assert.That(optimizer.ParamGroups[0].LearningRate, Is.EqualTo(0.7));
            Assert.That(optimizer.ParamGroups[1].LearningRate, Is.EqualTo(0.05));
            var e = Assert.Throws<ArgumentException>(() => _ = new ScheduledValue("X", optimizer, "lr", (_, _) => Schedule.Constant(1), tags: ["nope"]));
            Assert.That(e!.Message, Does.Contain("available tags: x, None"));
        }
    }

    [Test]
    public void StateDictRoundTripResumesAtTheSavedStep()
    {
        var (a, b, optimizer) = TwoGroups();
        using (optimizer)
        using (a)
        using (b)
        {
            GroupScheduleFactory cosine = (_, initial) => Schedule.From(t => initial * (1 + Math.Cos(Math.PI * t / 10)) / 2);
            var first = new ScheduledValue("Cos", optimizer, "lr", cosine);
            for (var i = 0; i < 4; i++) first.Step();
            var state = first.StateDict();
            Assert.That(state["last_epoch"], Is.EqualTo(4L));
            Assert.That(state["_step_count"], Is.EqualTo(5L));
            var second = new ScheduledValue("Cos", optimizer, "lr", cosine);
            second.LoadStateDict(state);
            Assert.That(second.GetLastLr(), Is.EqualTo(first.GetLastLr()));
            first.Step();
            second.Step();
            Assert.That(second.GetLastLr(), Is.EqualTo(first.GetLastLr()));
        }
    }

    [Test]
    public void SequentialAndChainedCompose()
    {
        var warm = Schedule.From(t => t / 4.0);
        var decay = Schedule.From(t => Math.Pow(0.5, t));
        var sequential = Schedule.Sequential([warm, decay], [4]);
        Assert.That(Enumerable.Range(0, 7).Select(t => sequential.ValueAt(t)), Is.EqualTo(new[] { 0, 0.25, 0.5, 0.75, 1, 0.5, 0.25 }));
        var chained = Schedule.Chained(Schedule.Constant(2), [(decay, 1.0), (Schedule.Constant(3), 3.0)]);
        Assert.That(chained.ValueAt(2), Is.EqualTo(0.5));
        Assert.Throws<ArgumentException>(() => Schedule.Sequential([warm, decay], []));
    }

    [Test]
    public void MomentumOfAdamStyleOptimizersIsReachableAsBeta1()
    {
        using var p = torch.ones(2).requires_grad_();
        using var adam = new AdamW([p]);
        var scheduler = new ScheduledValue("Cyclic", adam, "beta1", (_, _) => Schedule.From(t => 0.85 + 0.01 * t));
        scheduler.Step();
        Assert.That(adam.ParamGroups[0].GetPair("betas"), Is.EqualTo((0.86, 0.999)));
    }
}

public class RegistryCatalogTests
{
    [Test]
    public void AllThreeCataloguesAreSelectableByName()
    {
        using var provider = new ServiceCollection().AddBuiltInSchedulers()
            .BuildServiceProvider();
        var registry = (ISchedulerRegistry)provider.GetService(typeof(ISchedulerRegistry))!;
        using var p = torch.ones(2).requires_grad_();
        using var sgd = new Sgd([p], new SgdOptions { LearningRate = 0.1 });
        var request = new SchedulerRequest
        {
            Optimizer = sgd, NumWarmupSteps = 0, NumTrainingSteps = 10,
            Kwargs = new Dictionary<string, object?> { ["step_size"] = 2L, ["gamma"] = 0.5 },
        };
        var step = registry.Create("torch.StepLR", request);
        step.Step();
        step.Step();
        Assert.That(sgd.ParamGroups[0].LearningRate, Is.EqualTo(0.05).Within(1e-15));
        var cosine = registry.Create("cerebras.CosineDecayLR", request with
        {
            Kwargs = new Dictionary<string, object?> { ["initial_learning_rate"] = 1.0, ["end_learning_rate"] = 0.0, ["total_iters"] = 4L },
        });
        Assert.That(sgd.ParamGroups[0].LearningRate, Is.EqualTo(1.0), "absolute value at t = 0");
        Assert.That(registry.Descriptors.Select(d => d.Name), Does.Contain("cosine").And.Contain("cerebras.LinearWD").And.Contain("torch.OneCycleLR"));
        Assert.That(cosine.Name, Is.EqualTo("CosineDecayLR"));
    }
}
