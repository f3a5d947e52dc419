using static Training.Schedulers.Tests.Torch.TorchSchedulersGoldenTests;

namespace Training.Schedulers.Tests.Torch;

/// <summary>
/// Resume for every catalogue scheduler: save at a (seeded) random step k through <c>torch.save</c>, build a fresh
/// scheduler on a fresh optimizer, load, and both continue with identical values.
/// </summary>
public class TorchStateDictRoundTripTests
{
    private const int StepsAfterResume = 12;

    /// <summary>Arguments for every catalogue entry, chosen to leave the defaults and exercise per-group values.</summary>
    private static readonly Dictionary<string, Dictionary<string, object?>> Samples = new()
    {
        ["LambdaLR"] = new() { ["lr_lambda"] = new List<object?> { (Func<long, double>)(t => 1 / (1 + 0.1 * t)), (Func<long, double>)(t => Math.Pow(0.9, t)) } },
        ["MultiplicativeLR"] = new() { ["lr_lambda"] = 0.97 },
        ["StepLR"] = new() { ["step_size"] = 3L, ["gamma"] = 0.5 },
        ["MultiStepLR"] = new() { ["milestones"] = new List<object?> { 2L, 5L, 9L }, ["gamma"] = 0.3 },
        ["ConstantLR"] = new() { ["factor"] = 0.25, ["total_iters"] = 5L },
        ["LinearLR"] = new() { ["start_factor"] = 0.2, ["total_iters"] = 6L },
        ["ExponentialLR"] = new() { ["gamma"] = 0.9 },
        ["SequentialLR"] = new(FunctionArguments("SequentialLR")),
        ["CosineAnnealingLR"] = new() { ["T_max"] = 7L, ["eta_min"] = 0.001 },
        ["ChainedScheduler"] = new(FunctionArguments("ChainedScheduler")),
        ["ReduceLROnPlateau"] = new() { ["patience"] = 1L, ["cooldown"] = 1L, ["factor"] = 0.5 },
        ["CyclicLR"] = new()
        {
            ["base_lr"] = new List<object?> { 0.01, 0.02 }, ["max_lr"] = 0.1, ["step_size_up"] = 3L, ["step_size_down"] = 5L,
            ["mode"] = "exp_range", ["gamma"] = 0.95,
        },
        ["CosineAnnealingWarmRestarts"] = new() { ["T_0"] = 3L, ["T_mult"] = 2L, ["eta_min"] = 0.001 },
        ["OneCycleLR"] = new() { ["max_lr"] = new List<object?> { 0.2, 0.1 }, ["total_steps"] = 40L, ["three_phase"] = true },
        ["PolynomialLR"] = new() { ["total_iters"] = 10L, ["power"] = 2.0 },
    };

    public static IEnumerable<TestCaseData> Names() =>
        TorchSchedulerCatalog.All.Select((d, i) => new TestCaseData(d.Name, 1000 + i).SetName($"RoundTrip.{d.Name}"));

    [Test]
    public void EveryCatalogueEntryHasASample() =>
        Assert.That(Samples.Keys, Is.EquivalentTo(TorchSchedulerCatalog.All.Select(d => d.Name)));

    [TestCaseSource(nameof(Names))]
    public void ResumesIdentically(string name, int seed)
    {
        var k = new Random(seed).Next(1, 20);
        using var original = new TwoGroups();
        using var resumed = new TwoGroups();
        var first = original.Build(name, Samples[name]);
        for (var step = 0; step < k; step++) Advance(first, step);

        var path = Path.Combine(Path.GetTempPath(), $"scheduler-{name}-{Environment.ProcessId}.pt");
        try
        {
            first.SaveStateDict(path);
            var second = resumed.Build(name, Samples[name]);
            // ReduceLROnPlateau keeps its learning rates in the optimizer, as in PyTorch: a resume restores both.
            if (second.IsMetricDriven) resumed.Optimizer.LoadStateDict(original.Optimizer.StateDict());
            second.LoadStateDict(path);

            Assert.That(second.LastEpoch, Is.EqualTo(first.LastEpoch), $"{name} resumed at step {k}");
            AssertSameValues(original, resumed, $"{name} right after loading at step {k}");
            for (var step = k; step < k + StepsAfterResume; step++)
            {
                Advance(first, step);
                Advance(second, step);
                AssertSameValues(original, resumed, $"{name} at step {step + 1} (resumed at {k})");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Advance(Scheduler scheduler, int step)
    {
        // A metric with plateaus, so ReduceLROnPlateau both waits and reduces.
        if (scheduler is MetricScheduler plateau) plateau.Step(step % 4 == 0 ? 1.0 / (1 + step) : 2.0);
        else scheduler.Step();
    }

    private static void AssertSameValues(TwoGroups expected, TwoGroups actual, string what)
    {
        Assert.That(actual.Lrs, Is.EqualTo(expected.Lrs), $"{what}: lr");
        Assert.That(actual.Values("momentum"), Is.EqualTo(expected.Values("momentum")), $"{what}: momentum");
    }
}
