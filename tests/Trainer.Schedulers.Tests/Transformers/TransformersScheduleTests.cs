namespace Training.Schedulers.Tests.Transformers;

/// <summary>Schedule behaviours the golden cases do not pin: edges, defaults and the porting surprises of reference §8.</summary>
public class TransformersScheduleTests
{
    [Test]
    public void CosineRisesAgainAfterTheLastStepWhileLinearAndRestartsStayAtZero()
    {
        var cosine = CosineSchedules.Cosine(0, 10);
        Assert.That(cosine.ValueAt(10), Is.EqualTo(0.0).Within(1e-16));
        Assert.That(cosine.ValueAt(12), Is.GreaterThan(0.02), "p is not clamped");
        Assert.That(CosineSchedules.CosineWithHardRestarts(0, 10, 2).ValueAt(12), Is.EqualTo(0.0));
        Assert.That(LinearSchedules.Linear(0, 10).ValueAt(12), Is.EqualTo(0.0));
    }

    [Test]
    public void CosineWarmupWithMinLrIsShiftedByOneStep()
    {
        var schedule = CosineSchedules.CosineWarmupWithMinLr(4, 10, 0.5, 0.1);
        Assert.That(schedule.ValueAt(0), Is.EqualTo(0.25), "the first update does not use lr 0");
        Assert.That(schedule.ValueAt(9), Is.EqualTo(0.1).Within(1e-15), "reaches the minimum at N - 1");
    }

    [Test]
    public void PolynomialWithEqualWarmupAndTrainingStepsDividesByZeroAsUpstreamDoes()
    {
        var schedule = PolynomialSchedules.PolynomialDecay(5, 5, 1e-7, 1.0, 1e-3);
        Assert.That(schedule.ValueAt(4), Is.EqualTo(0.8));
        Assert.That(schedule.ValueAt(6), Is.EqualTo(1e-7 / 1e-3));
        Assert.Throws<DivideByZeroException>(() => schedule.ValueAt(5));
        using var fixture = new GoldenOptimizer();
        Assert.Throws<DivideByZeroException>(() => SchedulerCatalog.GetScheduler("polynomial", fixture.Sgd, 0, 0), "LambdaLR evaluates step 0 at construction");
    }

    [Test]
    public void InverseSqrtTimescaleDefaultsToTheWarmupOrTenThousand()
    {
        Assert.That(InverseSqrtSchedules.InverseSqrt(0).ValueAt(10_000), Is.EqualTo(1 / Math.Sqrt(2)));
        Assert.That(InverseSqrtSchedules.InverseSqrt(4).ValueAt(12), Is.EqualTo(1 / Math.Sqrt(3)));
        Assert.That(InverseSqrtSchedules.InverseSqrt(3, 5).ValueAt(3), Is.EqualTo(1.0));
        Assert.That(InverseSqrtSchedules.InverseSqrt(3, 5).ValueAt(8), Is.EqualTo(1 / Math.Sqrt(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => InverseSqrtSchedules.InverseSqrt(3, 0));
        using var fixture = new GoldenOptimizer();
        var scheduler = (ScheduledValue)SchedulerCatalog.GetScheduler("inverse_sqrt", fixture.Sgd, 3, kwargs: new Dictionary<string, object?> { ["timescale"] = 5L });
        Assert.That(scheduler.Multiplier!.ValueAt(8), Is.EqualTo(1 / Math.Sqrt(2)), "timescale is forwarded by get_scheduler");
    }

    [Test]
    public void WarmupStableDecayPhasesShapesAndStableStepsWinningOverTrainingSteps()
    {
        var schedule = WarmupStableDecaySchedules.WarmupStableDecay(4, 3, training: 100, stable: 2, WsdShape.OneMinusSqrt, WsdShape.Linear, 0.1);
        Assert.That(schedule.ValueAt(1), Is.EqualTo((1.0 - Math.Sqrt(1.0 - 0.25)) * (1.0 - 0.1) + 0.1));
        Assert.That(schedule.ValueAt(5), Is.EqualTo(1.0), "stable");
        Assert.That(schedule.ValueAt(6), Is.EqualTo(1.0), "decay starts at W + S with factor 1");
        Assert.That(schedule.ValueAt(9), Is.EqualTo(0.1), "after W + S + D (not N) the minimum ratio");
        var e = Assert.Throws<ArgumentException>(() => WarmupStableDecaySchedules.ParseShape("exp", "warmup"))!;
        Assert.That(e.Message, Does.Contain("Unknown warmup type: exp, expected 'linear', 'cosine' or '1-sqrt'"));
        using var fixture = new GoldenOptimizer();
        var missing = Assert.Catch<ArgumentException>(() => SchedulerCatalog.GetScheduler("warmup_stable_decay", fixture.Sgd, 2, 10))!;
        Assert.That(missing.Message, Does.Contain("'num_decay_steps'"));
    }

    [Test]
    public void TheMinimumOfCosineWithMinLrIsRelativeToTheOptimizersDefaultLrForEveryGroup()
    {
        using var fixture = new GoldenOptimizer();
        var scheduler = SchedulerCatalog.GetScheduler("cosine_with_min_lr", fixture.Sgd, 0, 4, new Dictionary<string, object?> { ["min_lr"] = 1e-4 });
        for (var i = 0; i < 4; i++) scheduler.Step();
        Assert.That(scheduler.GetLastLr()[0], Is.EqualTo(1e-4).Within(1e-18));
        Assert.That(scheduler.GetLastLr()[1], Is.EqualTo(0.5e-4).Within(1e-18), "group 1 ends at min_lr / defaults lr times its own lr");
    }

    [Test]
    public void PythonFloatHelpersMatchPython()
    {
        Assert.That(PyMath.Mod(-0.25, 1.0), Is.EqualTo(0.75));
        Assert.That(PyMath.Mod(2.5, 1.0), Is.EqualTo(0.5));
        Assert.That(PyMath.Max(0.0, double.NaN), Is.EqualTo(0.0), "max(0, nan) is 0 in Python");
        Assert.That(new[] { PyMath.Repr(0.001), PyMath.Repr(1e-5), PyMath.Repr(1.0), PyMath.Repr(0.5) }, Is.EqualTo(new[] { "0.001", "1e-05", "1.0", "0.5" }));
    }
}
