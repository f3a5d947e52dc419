using Microsoft.Extensions.DependencyInjection;
using Training.TorchExtensions;

namespace Training.Schedulers.Tests.Transformers;

/// <summary>AdafactorSchedule behind the Scheduler API.</summary>
public class AdafactorSchedulerTests
{
    private sealed class Fixture : IDisposable
    {
        private readonly Tensor w = torch.ones(3, 4).requires_grad_().DetachFromDisposeScope();
        private readonly Tensor b = torch.ones(4).requires_grad_().DetachFromDisposeScope();

        // Relative step (the default): Adafactor computes its own lr and ignores the group's.
        public Fixture(AdafactorOptions? options = null) => Adafactor = new Adafactor([new ParamGroup([w]), new ParamGroup([b])], options);

        public Adafactor Adafactor { get; }

        public void Update()
        {
            using (var g = torch.full([3, 4], Scalars.Keep(0.1))) w.grad = g;
            using (var g = torch.full([4], Scalars.Keep(-0.2))) b.grad = g;
            Adafactor.Step();
        }

        public double[] Applied() => Adafactor.ParamGroups
            .Select(g => Adafactor.AppliedLearningRate(g, Adafactor.GetState(g.Parameters[0])!)).ToArray();

        public void Dispose()
        {
            Adafactor.Dispose();
            w.Dispose();
            b.Dispose();
        }
    }

    [Test]
    public void ReportsTheRateAdafactorAppliesAndStepsLikeAnyScheduler()
    {
        using var fixture = new Fixture();
        Scheduler scheduler = new AdafactorScheduler(fixture.Adafactor, initialLr: 1e-6);
        Assert.That(scheduler.GetLastLr(), Is.EqualTo(new[] { 1e-6, 1e-6 }), "initial_lr before the first update");
        Assert.That((scheduler.Name, scheduler.IsMetricDriven), Is.EqualTo(("AdafactorSchedule", false)));
        for (var t = 0; t < 3; t++)
        {
            fixture.Update();
            scheduler.Step();
            Assert.That(scheduler.GetLastLr(), Is.EqualTo(fixture.Applied()), $"after update {t + 1}");
        }

        var state = scheduler.StateDict();
        Assert.That((state["last_epoch"], state["_step_count"]), Is.EqualTo((3L, 4L)));
        Assert.That(state["base_lrs"], Is.EqualTo(new[] { 1e-6, 1e-6 }));
    }

    // Without parameter scaling and with warmup_init the rate is 1e-6·t: it depends only on the step restored from
    // optimizer.pt, not on the weights (which a real resume restores from the model file).
    private static readonly AdafactorOptions StepOnly = new() { ScaleParameter = false, WarmupInit = true };

    [Test]
    public void StateDictRoundTripRestoresTheStepAndTheReportedRates()
    {
        using var first = new Fixture(StepOnly);
        var original = new AdafactorScheduler(first.Adafactor);
        first.Update();
        original.Step();
        first.Update();
        original.Step();
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "adafactor-scheduler.pt");
        original.SaveStateDict(path);
        first.Adafactor.SaveStateDict(path + ".optimizer");

        using var second = new Fixture(StepOnly);
        var resumed = new AdafactorScheduler(second.Adafactor);
        second.Adafactor.LoadStateDict(path + ".optimizer");
        resumed.LoadStateDict(path);
        Assert.That(resumed.LastEpoch, Is.EqualTo(2));
        Assert.That(resumed.GetLastLr(), Is.EqualTo(original.GetLastLr()));
        first.Update();
        original.Step();
        second.Update();
        resumed.Step();
        Assert.That(resumed.StateDict()["_step_count"], Is.EqualTo(4L));
        Assert.That(resumed.GetLastLr(), Is.EqualTo(original.GetLastLr()));
        Assert.That(resumed.GetLastLr(), Is.EqualTo(new[] { 3e-6, 3e-6 }).Within(1e-12).Percent);
        File.Delete(path);
        File.Delete(path + ".optimizer");
    }

    [Test]
    public void RegisteredAsAdafactorForDiWithTheOptimizerChecked()
    {
        using var provider = new ServiceCollection().AddBuiltInSchedulers().BuildServiceProvider();
        var registry = provider.GetRequiredService<ISchedulerRegistry>();
        using var fixture = new Fixture();
        var scheduler = registry.Create("adafactor", new SchedulerRequest
        {
            Optimizer = fixture.Adafactor, Kwargs = new Dictionary<string, object?> { ["initial_lr"] = 1e-3 },
        });
        Assert.That(scheduler, Is.TypeOf<AdafactorScheduler>());
        Assert.That(scheduler.GetLastLr(), Is.EqualTo(new[] { 1e-3, 1e-3 }));
        using var sgd = new GoldenOptimizer();
        var e = Assert.Catch<ArgumentException>(() => registry.Create("adafactor", new SchedulerRequest { Optimizer = sgd.Sgd }))!;
        Assert.That(e.Message, Does.Contain("needs the Adafactor optimizer, got SGD"));
    }
}
