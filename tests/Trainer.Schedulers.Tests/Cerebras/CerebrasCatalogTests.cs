using Training.Schedulers;

namespace Training.Schedulers.Tests.Cerebras;

/// <summary>Every catalogue entry builds from kwargs, rejects unknown kwargs, and resumes from its state dict identically.</summary>
public class CerebrasCatalogTests
{
    /// <summary>A child scheduler in sample kwargs, named by family; resolved to the LR or WD class of the parent.</summary>
    private sealed record ChildRef(string Stem);

    // Sample arguments per family under the generic (WD) names; LR entries rename the value arguments.
    private static readonly Dictionary<string, Dictionary<string, object?>> Samples = new()
    {
        ["Constant"] = new() { ["val"] = 0.1, ["total_iters"] = 5L },
        ["Polynomial"] = new() { ["initial_val"] = 0.1, ["end_val"] = 0.01, ["total_iters"] = 10L, ["power"] = 2.0, ["cycle"] = true },
        ["Linear"] = new() { ["initial_val"] = 0.0, ["end_val"] = 0.1, ["total_iters"] = 8L },
        ["Exponential"] = new() { ["initial_val"] = 0.1, ["total_iters"] = 5L, ["decay_rate"] = 0.5 },
        ["InverseExponentialTimeDecay"] = new() { ["initial_val"] = 0.1, ["step_exponent"] = 1.0, ["total_iters"] = 5L, ["decay_rate"] = 0.5, ["staircase"] = true },
        ["InverseSquareRootDecay"] = new() { ["initial_val"] = 0.5, ["scale"] = 2.0, ["warmup_steps"] = 4L },
        ["CosineDecay"] = new() { ["initial_val"] = 0.1, ["end_val"] = 0.01, ["total_iters"] = 10L },
        ["PiecewiseConstant"] = new() { ["vals"] = new List<object?> { 0.1, 0.05, 0.01 }, ["milestones"] = new List<object?> { 3L, 7L } },
        ["MultiStep"] = new() { ["initial_val"] = 0.1, ["gamma"] = 0.5, ["milestones"] = new List<object?> { 2L, 5L, 9L } },
        ["Step"] = new() { ["initial_val"] = 0.1, ["step_size"] = 3L, ["gamma"] = 0.5 },
        ["CosineAnnealing"] = new() { ["initial_val"] = 0.1, ["T_max"] = 8L, ["eta_min"] = 0.01 },
        ["Lambda"] = new() { ["initial_val"] = 0.1, ["val_lambda"] = (Func<long, double>)(t => 1.0 / (1 + t)) },
        ["CosineAnnealingWarmRestarts"] = new() { ["initial_val"] = 0.1, ["T_0"] = 4L, ["T_mult"] = 2L, ["eta_min"] = 0.01 },
        ["Multiplicative"] = new() { ["initial_val"] = 0.1, ["coefficient"] = 0.9 },
        ["Cyclic"] = new() { ["base_val"] = 0.01, ["max_val"] = 0.1, ["step_size_up"] = 3L, ["step_size_down"] = 5L, ["mode"] = "triangular2" },
        ["OneCycle"] = new() { ["initial_val"] = 0.004, ["max_val"] = 0.1, ["total_steps"] = 20L, ["pct_start"] = 0.25, ["three_phase"] = true },
        // A Sequential nested in a Sequential, milestones left to be computed from total_iters.
        ["Sequential"] = new() { ["schedulers"] = new List<object?> { new ChildRef("Linear"), new ChildRef("InnerSequential") } },
        ["InnerSequential"] = new() { ["schedulers"] = new List<object?> { new ChildRef("Constant"), new ChildRef("CosineDecay") } },
        ["Chained"] = new() { ["schedulers"] = new List<object?> { new ChildRef("CosineDecay"), new ChildRef("Step") } },
        ["ScalePerParam"] = new() { ["scheduler"] = new ChildRef("CosineDecay") },
    };

    private static readonly Dictionary<string, string> LearningRateNames = new()
    {
        ["val"] = "learning_rate", ["initial_val"] = "initial_learning_rate", ["end_val"] = "end_learning_rate", ["vals"] = "learning_rates",
        ["base_val"] = "base_lr", ["max_val"] = "max_lr", ["val_lambda"] = "lr_lambda",
    };

    public static IEnumerable<TestCaseData> Entries() =>
        CerebrasSchedulerCatalog.All.Select(d => new TestCaseData(d.Name).SetName($"cerebras_catalog.{d.Name}"));

    private static (string Stem, bool LearningRate) Family(string name) => name switch
    {
        "ChainedScheduler" => ("Chained", true),
        "CosineAnnealingWarmRestarts" => (name, true),
        _ when name.EndsWith("WD", StringComparison.Ordinal) => (name[..^2], false),
        _ => (name[..^2], true),
    };

    private static string ClassName(string stem, bool learningRate) =>
        stem == "CosineAnnealingWarmRestarts" && learningRate ? stem : stem + (learningRate ? "LR" : "WD");

    private static Dictionary<string, object?> Kwargs(string stem, bool learningRate) => Samples[stem].ToDictionary(
        kv => learningRate ? LearningRateNames.GetValueOrDefault(kv.Key, kv.Key) : kv.Key,
        kv => Resolve(kv.Value, learningRate));

    private static object? Resolve(object? value, bool learningRate) => value switch
    {
        ChildRef child => new Dictionary<string, object?>
        {
            [ClassName(child.Stem == "InnerSequential" ? "Sequential" : child.Stem, learningRate)] = Kwargs(child.Stem, learningRate),
        },
        List<object?> list => list.Select(v => Resolve(v, learningRate)).ToList(),
        _ => value,
    };

    private static CerebrasFixture TwoGroups() => CerebrasFixture.FromOptions(
        new() { ["lr"] = 0.5, ["weight_decay"] = 0.5, ["adjust_learning_rate"] = 0.25 },
        new() { ["lr"] = 0.25, ["weight_decay"] = 0.125 });

    private static Scheduler Create(string name, Optimizer optimizer)
    {
        var (stem, learningRate) = Family(name);
        var descriptor = CerebrasSchedulerCatalog.All.Single(d => d.Name == name);
        return descriptor.Factory(new SchedulerRequest { Optimizer = optimizer, Kwargs = Kwargs(stem, learningRate) }, null!);
    }

    [Test]
    public void NamesEveryCerebrasClass()
    {
        var names = CerebrasSchedulerCatalog.All.Select(d => d.Name).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(names, Is.EquivalentTo(CerebrasSchedulerBuilder.ClassNames));
        Assert.That(names, Has.Count.EqualTo(39), "19 families in LR and WD flavours, plus ChainedLR next to ChainedScheduler");
        Assert.That(names, Is.SupersetOf(new[] { "CosineDecayLR", "LinearWD", "CosineAnnealingWarmRestarts", "CosineAnnealingWarmRestartsWD", "ChainedScheduler", "ChainedLR", "ScalePerParamWD" }));
        Assert.That(CerebrasSchedulerCatalog.All.Select(d => d.Description), Has.All.Not.Empty);
    }

    [TestCaseSource(nameof(Entries))]
    public void StateDictRoundTripContinuesIdentically(string name)
    {
        var key = Family(name).LearningRate ? "lr" : "weight_decay";
        var steps = TestContext.CurrentContext.Random.Next(1, 30);
        using var first = TwoGroups();
        var original = Create(name, first.Optimizer);
        Assert.That(original.Name, Is.EqualTo(name));
        for (var i = 0; i < steps; i++) original.Step();
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"cerebras_{name}_{Guid.NewGuid():N}.pt");
        try
        {
            original.SaveStateDict(path);
            using var second = TwoGroups();
            var resumed = Create(name, second.Optimizer);
            resumed.LoadStateDict(path);
            Assert.That(resumed.LastEpoch, Is.EqualTo(steps));
            Assert.That(second.Values(key), Is.EqualTo(first.Values(key)), $"after loading at step {steps}");
            for (var i = 1; i <= 15; i++)
            {
                original.Step();
                resumed.Step();
                Assert.That(second.Values(key), Is.EqualTo(first.Values(key)), $"step {steps + i}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void UnknownKwargsAreRejected()
    {
        using var fixture = CerebrasFixture.Single();
        var descriptor = CerebrasSchedulerCatalog.All.Single(d => d.Name == "CosineDecayLR");
        var kwargs = new Dictionary<string, object?> { ["initial_learning_rate"] = 0.1, ["end_learning_rate"] = 0.0, ["total_iters"] = 10L, ["warmup"] = 3L };
        var e = Assert.Throws<ArgumentBindingException>(() => descriptor.Factory(new SchedulerRequest { Optimizer = fixture.Optimizer, Kwargs = kwargs }, null!));
        Assert.That(e!.Summary, Is.EqualTo(
            "LrSchedulerKwargs: 'warmup' is not an argument of CosineDecayLR (it takes: initial_learning_rate, end_learning_rate, total_iters, param_group_tags)"));
    }
}
