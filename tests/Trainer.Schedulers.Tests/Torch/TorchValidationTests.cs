using static Training.Schedulers.Tests.Torch.TorchSchedulersGoldenTests;

namespace Training.Schedulers.Tests.Torch;

/// <summary>Argument errors carry PyTorch's message (where PyTorch has one) and name the offending argument.</summary>
public class TorchValidationTests
{
    private static TestCaseData Case(string label, Action<TwoGroups> build, string argument, string message) =>
        new TestCaseData(build, argument, message).SetName($"Validation.{label}");

    private static Dictionary<string, object?> Args(params (string Key, object? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    public static IEnumerable<TestCaseData> Errors() =>
    [
        Case("LinearLR.start_factor", g => LRSchedulers.LinearLR(g.Optimizer, start_factor: 0), "start_factor",
            "Starting multiplicative factor expected to be greater than 0 and less or equal to 1."),
        Case("LinearLR.end_factor", g => LRSchedulers.LinearLR(g.Optimizer, end_factor: 1.5), "end_factor",
            "Ending multiplicative factor expected to be between 0 and 1."),
        Case("LinearLR.total_iters", g => LRSchedulers.LinearLR(g.Optimizer, total_iters: 0), "total_iters", "Expected positive integer total_iters, but got 0"),
        Case("ConstantLR.factor", g => LRSchedulers.ConstantLR(g.Optimizer, factor: -0.1), "factor", "Constant multiplicative factor expected to be between 0 and 1."),
        Case("StepLR.step_size", g => LRSchedulers.StepLR(g.Optimizer, 0), "step_size", "Expected positive integer step_size, but got 0"),
        Case("CosineAnnealingLR.T_max", g => LRSchedulers.CosineAnnealingLR(g.Optimizer, 0), "T_max", "Expected positive integer T_max, but got 0"),
        Case("WarmRestarts.T_0", g => LRSchedulers.CosineAnnealingWarmRestarts(g.Optimizer, 0), "T_0", "Expected positive integer T_0, but got 0"),
        Case("WarmRestarts.T_mult", g => LRSchedulers.CosineAnnealingWarmRestarts(g.Optimizer, 5, T_mult: 0), "T_mult", "Expected integer T_mult >= 1, but got 0"),
        Case("OneCycleLR.no_length", g => LRSchedulers.OneCycleLR(g.Optimizer, 0.1), "total_steps",
            "You must define either total_steps OR (epochs AND steps_per_epoch)"),
        Case("OneCycleLR.total_steps", g => LRSchedulers.OneCycleLR(g.Optimizer, 0.1, total_steps: 0), "total_steps",
            "Expected positive integer total_steps, but got 0"),
        Case("OneCycleLR.steps_per_epoch", g => LRSchedulers.OneCycleLR(g.Optimizer, 0.1, epochs: 3), "steps_per_epoch",
            "Expected positive integer steps_per_epoch, but got None"),
        Case("OneCycleLR.pct_start", g => LRSchedulers.OneCycleLR(g.Optimizer, 0.1, total_steps: 10, pct_start: 1.5), "pct_start",
            "Expected float between 0 and 1 pct_start, but got 1.5"),
        Case("OneCycleLR.max_lr", g => LRSchedulers.OneCycleLR(g.Optimizer, new[] { 0.1, 0.2, 0.3 }, total_steps: 10), "max_lr",
            "expected 2 values for max_lr, got 3"),
        Case("CyclicLR.max_momentum", g => LRSchedulers.CyclicLR(g.Optimizer, 0.01, 0.1, max_momentum: new[] { 0.9 }), "max_momentum",
            "expected 2 values for max_momentum, got 1"),
        Case("LambdaLR.lr_lambda", g => LRSchedulers.LambdaLR(g.Optimizer, [_ => 1.0]), "lr_lambda", "Expected 2 lr_lambdas, but got 1"),
        Case("ReduceLROnPlateau.min_lr", g => LRSchedulers.ReduceLROnPlateau(g.Optimizer, min_lr: new[] { 0.1, 0.2, 0.3 }), "min_lr",
            "expected 2 min_lrs, got 3"),
        Case("SequentialLR.milestones", g => LRSchedulers.SequentialLR(g.Optimizer, [LRSchedulers.ExponentialLR(g.Optimizer, 0.9), LRSchedulers.StepLR(g.Optimizer, 2)], [2, 4]),
            "milestones", "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, " +
                          "but got number of schedulers 2 and the number of milestones to be equal to 2"),
        Case("SequentialLR.optimizer", g =>
            {
                using var other = new TwoGroups();
                LRSchedulers.SequentialLR(g.Optimizer, [LRSchedulers.ExponentialLR(other.Optimizer, 0.9)], []);
            }, "schedulers",
            "Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index 0 to be different than the optimizer passed in."),
        Case("ChainedScheduler.optimizer", g =>
            {
                using var other = new TwoGroups();
                LRSchedulers.ChainedScheduler([LRSchedulers.ExponentialLR(g.Optimizer, 0.9), LRSchedulers.ExponentialLR(other.Optimizer, 0.9)]);
            }, "schedulers", "ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and 1 to be different"),
        Case("ChainedScheduler.key", g => LRSchedulers.ChainedScheduler([new ScheduledValue("WD", g.Optimizer, "weight_decay", (_, _) => Schedule.Constant(0))]),
            "schedulers", "ChainedScheduler: scheduler 0 (WD) must drive 'lr' on every parameter group"),
        Case("Catalogue.unknown_argument", g => g.Build("StepLR", Args(("step_size", 2L), ("step", 3L))), "LrSchedulerKwargs",
            "'step' is not an argument of StepLR (it takes: step_size, gamma)"),
        Case("Catalogue.missing_argument", g => g.Build("StepLR", Args()), "LrSchedulerKwargs", "StepLR requires 'step_size'"),
        Case("Catalogue.anneal_strategy", g => g.Build("OneCycleLR", Args(("max_lr", 0.1), ("total_steps", 5L), ("anneal_strategy", "cosine"))),
            "anneal_strategy", "anneal_strategy must by one of 'cos' or 'linear', instead got cosine"),
        Case("Catalogue.cyclic_mode", g => g.Build("CyclicLR", Args(("base_lr", 0.01), ("max_lr", 0.1), ("mode", "sawtooth"))), "mode",
            "mode is invalid and scale_fn is None"),
        Case("Catalogue.plateau_mode", g => g.Build("ReduceLROnPlateau", Args(("mode", "avg"))), "mode", "mode avg is unknown!"),
        Case("Catalogue.threshold_mode", g => g.Build("ReduceLROnPlateau", Args(("threshold_mode", "pct"))), "threshold_mode", "threshold mode pct is unknown!"),
        // One "float or list" rule for every front end: a "(a, b, c)" string is a list, as a "[a, b, c]" one is.
        Case("Catalogue.max_lr_tuple", g => g.Build("OneCycleLR", Args(("max_lr", "(0.1, 0.2, 0.3)"), ("total_steps", 10))), "max_lr",
            "expected 2 values for max_lr, got 3"),
        Case("Catalogue.child_spec", g => g.Build("ChainedScheduler", Args(("schedulers", new List<object?> { "StepLR" }))), "LrSchedulerKwargs",
            "each of ChainedScheduler's 'schedulers' must be a single-entry map"),
        Case("Catalogue.child_kind", g => g.Build("SequentialLR", Args(("schedulers", new List<object?> { Spec("OneCycleLR", ("max_lr", 0.1), ("total_steps", 9L)) }),
            ("milestones", new List<object?>()))), "LrSchedulerKwargs", "SequentialLR cannot contain OneCycleLR"),
    ];

    [TestCaseSource(nameof(Errors))]
    public void NamesTheArgument(Action<TwoGroups> build, string argument, string message)
    {
        using var groups = new TwoGroups();
        var e = Assert.Throws(Is.InstanceOf<ArgumentException>(), () => build(groups)) as ArgumentException;
        Assert.That(e!.ParamName, Is.EqualTo(argument));
        Assert.That(e.Message, Does.Contain(message));
    }

    [Test]
    public void OneCycleLRFailsPastItsTotalStepsAndLeavesEverythingAsItWas()
    {
        using var groups = new TwoGroups();
        var scheduler = LRSchedulers.OneCycleLR(groups.Optimizer, 0.1, total_steps: 5);
        // As in PyTorch, step total_steps itself is still evaluated (extrapolating one step); the next one fails.
        for (var step = 0; step < 5; step++) scheduler.Step();
        var lrs = groups.Lrs;
        var e = Assert.Throws<InvalidOperationException>(scheduler.Step)!;
        Assert.That(e.Message, Is.EqualTo("Tried to step 7 times. The specified number of total steps is 5"));
        Assert.That(scheduler.LastEpoch, Is.EqualTo(5));
        Assert.That(groups.Lrs, Is.EqualTo(lrs));
    }

    [Test]
    public void UnknownCatalogueNamesSuggestTheClosest()
    {
        var e = Assert.Throws<UnknownSchedulerException>(() => TorchSchedulerCatalog.Get("OneCycleLr"))!;
        Assert.That(e.Suggestion, Is.EqualTo("OneCycleLR"));
    }
}
