namespace Training.Schedulers.Tests.Torch;

/// <summary>CyclicLR and OneCycleLR cycle <c>momentum</c> on SGD-style optimizers and <c>beta1</c> on Adam-style ones.</summary>
public class MomentumCyclingTests
{
    [Test]
    public void CyclicLRDrivesBeta1OfAdamWAlongTheGoldenMomentumCurve()
    {
        var golden = GoldenFiles.Load("torch_schedulers.json")["cases"]!.AsArray().Single(c => c!["scheduler"]!.GetValue<string>() == "CyclicLR")!;
        using var groups = new TwoGroups("AdamW");
        var scheduler = (CycleScheduler)groups.Build("CyclicLR", TwoGroups.Kwargs(golden["kwargs"]));
        Assert.That(scheduler.MomentumKey, Is.EqualTo("beta1"));

        var beta1 = new List<double>(groups.Values("beta1"));
        for (var step = 0; step < 30; step++)
        {
            scheduler.Step();
            beta1.AddRange(groups.Values("beta1"));
            Assert.That(groups.Values("beta2"), Is.EqualTo(new[] { 0.99, 0.99 }), "beta2 is left alone");
        }

        Closeness.AssertClose(beta1, GoldenFiles.Flatten(golden["momentum"]), 1e-12, 1e-16, "beta1 follows SGD's momentum curve");
        Assert.That(scheduler.GetLastMomentum(), Is.EqualTo(groups.Values("beta1")));
    }

    [Test]
    public void OneCycleLRStartsAtMaxMomentumAndReachesBaseMomentumAtThePeak()
    {
        using var groups = new TwoGroups("AdamW");
        var scheduler = LRSchedulers.OneCycleLR(groups.Optimizer, max_lr: [0.2, 0.1], total_steps: 11, pct_start: 0.5,
            base_momentum: 0.8, max_momentum: 0.92);
        Assert.That(groups.Values("beta1"), Is.EqualTo(new[] { 0.92, 0.92 }));
        Assert.That(groups.Lrs, Is.EqualTo(new[] { 0.2 / 25, 0.1 / 25 }).Within(1e-15), "max_lr / div_factor (PyTorch rounds the same way)");
        Assert.That(groups.Optimizer.ParamGroups[1]["max_momentum"], Is.EqualTo(0.92), "PyTorch's group keys are written");
        Assert.That(groups.Optimizer.ParamGroups[1]["min_lr"], Is.EqualTo(0.1 / 25 / 1e4));

        // Phase one ends at pct_start · total − 1 = 4.5; the peak falls between steps 4 and 5.
        for (var step = 0; step < 5; step++) scheduler.Step();
        Assert.That(groups.Values("beta1")[0], Is.LessThan(0.81));
        Assert.That(groups.Lrs[0], Is.GreaterThan(0.19));
        Assert.That(groups.Values("beta2"), Is.EqualTo(new[] { 0.99, 0.99 }));
    }

    [Test]
    public void WithoutCycleMomentumOnlyTheLearningRateMoves()
    {
        using var groups = new TwoGroups("Adagrad");
        var scheduler = LRSchedulers.OneCycleLR(groups.Optimizer, 0.2, total_steps: 10, cycle_momentum: false);
        scheduler.Step();
        Assert.That(scheduler.MomentumKey, Is.Null);
        Assert.That(scheduler.GetLastMomentum(), Is.Empty);
        Assert.That(scheduler.StateDict()["cycle_momentum"], Is.EqualTo(false));
    }

    [Test]
    public void CycleMomentumNeedsMomentumOrBetas()
    {
        using var groups = new TwoGroups("Adagrad");
        foreach (var build in new Action[]
                 {
                     () => LRSchedulers.OneCycleLR(groups.Optimizer, 0.2, total_steps: 10),
                     () => LRSchedulers.CyclicLR(groups.Optimizer, 0.01, 0.1),
                 })
        {
            var e = Assert.Throws<ArgumentException>(() => build())!;
            Assert.That(e.ParamName, Is.EqualTo("cycle_momentum"));
            Assert.That(e.Message, Does.StartWith("optimizer must support momentum with `cycle_momentum` option enabled"));
        }
    }
}
