using System.Text.Json.Nodes;
using Training.Schedulers;

namespace Training.Schedulers.Tests.Cerebras;

/// <summary>
/// The pure schedules point by point where Cerebras is wrong or silent: PyTorch's curves for the classes Cerebras
/// says match them (including CosineAnnealingWarmRestarts after its first period), composition and tag rules.
/// </summary>
public class CerebrasScheduleTests
{
    private static readonly Lazy<JsonNode> Torch = new(() => GoldenFiles.Load("torch_schedulers.json"));

    /// <summary>Group 0 of a torch_schedulers.json case (base lr 0.1): PyTorch's absolute learning rates.</summary>
    private static double[] TorchGroup0(string name) =>
        Torch.Value["cases"]!.AsArray().Single(c => (string)c!["name"]! == name)!["lrs"]!.AsArray().Select(r => GoldenFiles.Number(r![0])).ToArray();

    private static double[] Values(ISchedule schedule, int count) => Enumerable.Range(0, count).Select(t => schedule.ValueAt(t)).ToArray();

    [Test]
    public void WarmRestartsFollowPyTorchAfterTheFirstPeriod()
    {
        var expected = TorchGroup0("CosineAnnealingWarmRestarts_0");
        Closeness.AssertClose(Values(new CosineAnnealingWarmRestartsSchedule(0.1, T0: 5), expected.Length), expected, 1e-12, 1e-15, "CAWR T_0 = 5");
    }

    [Test]
    public void WarmRestartsHonourTMult()
    {
        // Periods 3, 6, 12, 24: restarts at 3, 9 and 21.
        var schedule = new CosineAnnealingWarmRestartsSchedule(1.0, T0: 3, TMult: 2, EtaMin: 0.0);
        Assert.That(Enumerable.Range(0, 23).Select(t => schedule.Position(t)),
            Is.EqualTo(Enumerable.Range(0, 23).Select(t => t < 3 ? (t, 3) : t < 9 ? (t - 3, 6) : t < 21 ? (t - 9, 12) : (t - 21, 24L)).Select(p => ((long)p.Item1, (long)p.Item2))));
        Assert.That(schedule.ValueAt(9), Is.EqualTo(1.0));
        Assert.That(schedule.ValueAt(6), Is.EqualTo(0.5).Within(1e-15));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new CosineAnnealingWarmRestartsSchedule(1.0, 3, TMult: 0));
    }

    [Test]
    public void OneCycleAndCyclicMatchPyTorch()
    {
        // torch OneCycleLR(max_lr 0.2, total_steps 31, pct_start 0.3, cos): initial = max_lr / div_factor 25.
        var oneCycle = TorchGroup0("OneCycleLR_0");
        Closeness.AssertClose(Values(new OneCycleSchedule(0.2 / 25, 0.2, TotalSteps: 31, PctStart: 0.3), oneCycle.Length), oneCycle, 1e-12, 1e-15, "OneCycle");
        var cyclic = TorchGroup0("CyclicLR_0");
        Closeness.AssertClose(Values(new CyclicSchedule(0.01, 0.1, 4, 6, "triangular2"), cyclic.Length), cyclic, 1e-12, 1e-15, "Cyclic");
        Assert.That(new OneCycleSchedule(0.004, 0.1, 20, AnnealStrategy: "linear").ValueAt(25), Is.EqualTo(0.004 / 1e4).Within(1e-20), "held past the end");
        Assert.Throws<ArgumentException>(() => _ = new CyclicSchedule(0.1, 1.0, Mode: "sawtooth"));
    }

    [Test]
    public void OneCycleZeroLengthRiseGivesThePeak()
    {
        // pct_start · total_steps = 1: the rise ends at step 0 (0/0 upstream); the peak is meant, as in the PyTorch front end.
        Assert.That(new OneCycleSchedule(0.004, 0.1, TotalSteps: 10, PctStart: 0.1).ValueAt(0), Is.EqualTo(0.1));
        Assert.That(new OneCycleSchedule(0.004, 0.1, TotalSteps: 10, PctStart: 0.1, AnnealStrategy: "linear").ValueAt(0), Is.EqualTo(0.1));
    }

    [Test]
    public void PolynomialCycleRestartsEachPeriod()
    {
        var schedule = new PolynomialDecaySchedule(0.1, 0.02, TotalIters: 10, Cycle: true);
        Assert.That(schedule.ValueAt(10), Is.EqualTo(0.02).Within(1e-15), "the end of the first period");
        Assert.That(schedule.ValueAt(11), Is.EqualTo(0.02 + 0.08 * (1 - 11 / 20.0)).Within(1e-15), "the period became 20");
        Assert.That(schedule.ValueAt(20), Is.EqualTo(0.02).Within(1e-15));
        Assert.That(new PolynomialDecaySchedule(0.1, 0.02, 10).ValueAt(11), Is.EqualTo(0.02), "without cycle: clamped");
    }

    [Test]
    public void NestedSequentialSpecDecays()
    {
        // The reference's frozen example: an inner [Constant 0.1 for 2, Linear 0.1 → 0 over 4].
        var inner = new Dictionary<string, object?>
        {
            ["class"] = "SequentialLR",
            ["args"] = new Dictionary<string, object?>
            {
                ["milestones"] = new List<object?> { 2L },
                ["schedulers"] = new List<object?>
                {
                    new CerebrasSchedulerSpec("ConstantLR", new Dictionary<string, object?> { ["learning_rate"] = 0.1 }),
                    new CerebrasSchedulerSpec("LinearLR", new Dictionary<string, object?> { ["initial_learning_rate"] = 0.1, ["end_learning_rate"] = 0.0, ["total_iters"] = 4L }),
                },
            },
        };
        var outer = new CerebrasSchedulerSpec("SequentialLR", new Dictionary<string, object?>
        {
            ["milestones"] = new List<object?> { 1L },
            ["schedulers"] = new List<object?> { new CerebrasSchedulerSpec("ConstantLR", new Dictionary<string, object?> { ["learning_rate"] = 1.0 }), inner },
        });
        using var fixture = CerebrasFixture.Single();
        var values = fixture.Run(CerebrasSchedulerBuilder.Build(fixture.Optimizer, outer), "lr", 8)[0];
        Assert.That(values, Is.EqualTo(new[] { 1.0, 0.1, 0.1, 0.1, 0.075, 0.05, 0.025, 0.0, 0.0 }).Within(1e-15));
        Assert.That(CerebrasSchedulerBuilder.Compile(outer).TotalIters, Is.EqualTo(1 + 2 + 4), "milestone plus the inner's milestone plus its last phase");
    }

    [Test]
    public void CompositesCheckTheirChildren()
    {
        static CerebrasSchedulerSpec Constant(string cls, string arg, object? tags = null)
        {
            var args = new Dictionary<string, object?> { [arg] = 0.1 };
            if (tags is not null) args["param_group_tags"] = tags;
            return new CerebrasSchedulerSpec(cls, args);
        }

        static CerebrasSchedulerSpec Sequential(object? tags, params CerebrasSchedulerSpec[] children) => new("SequentialLR", new Dictionary<string, object?>
        {
            ["schedulers"] = children.Cast<object?>().ToList(),
            ["milestones"] = Enumerable.Range(1, children.Length - 1).Select(i => (object?)(long)i).ToList(),
            ["param_group_tags"] = tags,
        });

        Assert.That(CerebrasSchedulerBuilder.Compile(Sequential("a", Constant("ConstantLR", "learning_rate"), Constant("ConstantLR", "learning_rate", "a"))).Tags,
            Is.EqualTo(new[] { "a" }), "children without tags inherit; equal tags are fine");
        var e = Assert.Throws<ArgumentException>(() => CerebrasSchedulerBuilder.Compile(Sequential("a", Constant("ConstantLR", "learning_rate", "b"))));
        Assert.That(e!.Message, Does.Contain("SequentialLR.schedulers[0].param_group_tags ['b'] differ from the parent's ['a']"));
        e = Assert.Throws<ArgumentException>(() => CerebrasSchedulerBuilder.Compile(Sequential(null, Constant("ConstantWD", "val"))));
        Assert.That(e!.Message, Does.Contain("drives 'weight_decay', but SequentialLR drives 'lr'"));
        e = Assert.Throws<ArgumentException>(() => CerebrasSchedulerBuilder.Compile(new CerebrasSchedulerSpec("ChainedLR", new Dictionary<string, object?>
        {
            ["schedulers"] = new List<object?> { Constant("ConstantLR", "learning_rate"), Constant("ConstantLR", "learning_rate") },
        })));
        Assert.That(e!.Message, Does.Contain("schedulers[1] (ConstantLR) has no initial value"));
        e = Assert.Throws<ArgumentException>(() => CerebrasSchedulerBuilder.Compile(new CerebrasSchedulerSpec("ChainedLR", new Dictionary<string, object?>
        {
            ["schedulers"] = new List<object?>
            {
                Constant("ConstantLR", "learning_rate"),
                new CerebrasSchedulerSpec("StepLR", new Dictionary<string, object?> { ["initial_learning_rate"] = 0.0, ["step_size"] = 2L, ["gamma"] = 0.5 }),
            },
        })));
        Assert.That(e!.Message, Does.Contain("schedulers[1] (StepLR) starts from 0"));
        var single = Sequential(null, Constant("ConstantLR", "learning_rate"));
        var extraMilestone = single with { Args = new Dictionary<string, object?>(single.Args) { ["milestones"] = new List<object?> { 3L } } };
        e = Assert.Throws<ArgumentException>(() => CerebrasSchedulerBuilder.Compile(extraMilestone));
        Assert.That(e!.Message, Does.Contain("1 schedulers need 0 milestones"));
    }

    [Test]
    public void TagsSelectGroupsAndUnmatchedTagsFail()
    {
        using var fixture = CerebrasFixture.Groups((0.5, 0.5, "a"), (0.25, 0.25, "b"), (0.125, 0.125, null));
        var spec = new CerebrasSchedulerSpec("ConstantWD", new Dictionary<string, object?> { ["val"] = 0.0, ["param_group_tags"] = new List<object?> { "b", null } });
        CerebrasSchedulerBuilder.Build(fixture.Optimizer, spec);
        Assert.That(fixture.Values("weight_decay"), Is.EqualTo(new[] { 0.5, 0.0, 0.0 }));
        var e = Assert.Throws<ArgumentException>(() => CerebrasSchedulerBuilder.Build(fixture.Optimizer, spec with { Args = new Dictionary<string, object?> { ["val"] = 0.0, ["param_group_tags"] = "c" } }));
        Assert.That(e!.Message, Does.StartWith("ConstantWD:").And.Contain("available tags"));
        e = Assert.Throws<ArgumentException>(() => CerebrasSchedulerBuilder.Build(fixture.Optimizer, spec with { Args = new Dictionary<string, object?> { ["val"] = 0.0, ["param_group_tags"] = new List<object?> { "a", "a" } } }));
        Assert.That(e!.Message, Does.Contain("duplicates"));
    }

    [Test]
    public void LambdaNeedsAFunction()
    {
        var e = Assert.Throws<ArgumentBindingException>(() => CerebrasSchedulerBuilder.Compile(new CerebrasSchedulerSpec("LambdaLR", new Dictionary<string, object?> { ["initial_learning_rate"] = 0.1 })));
        Assert.That(e!.Message, Does.Contain("LambdaLR requires 'lr_lambda'"));
        var node = CerebrasSchedulerBuilder.Compile(new CerebrasSchedulerSpec("LambdaWD", new Dictionary<string, object?>
        {
            ["initial_val"] = 0.2,
            ["val_lambda"] = (Func<long, double>)(t => 1.0 / (1 + t)),
        }));
        using var fixture = CerebrasFixture.Single();
        Assert.That(node.ScheduleFor(fixture.Optimizer.ParamGroups[0]).ValueAt(3), Is.EqualTo(0.05));
    }
}
