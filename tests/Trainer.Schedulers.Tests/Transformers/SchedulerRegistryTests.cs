using System.Collections;
using Microsoft.Extensions.DependencyInjection;

namespace Training.Schedulers.Tests.Transformers;

/// <summary>The built-in names, get_scheduler's dispatch rules, DI registration and resume through scheduler.pt.</summary>
public class SchedulerRegistryTests
{
    private static readonly string[] TransformersNames =
    [
        "linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup", "inverse_sqrt",
        "reduce_lr_on_plateau", "cosine_with_min_lr", "cosine_warmup_with_min_lr", "warmup_stable_decay", "greedy",
    ];

    public static IEnumerable<TestCaseData> Names() => BuiltInSpecs.All.Select(s => new TestCaseData(s.Name).SetName($"RoundTrip.{s.Name}"));

    [Test]
    public void EveryTransformersSchedulerTypeIsBuiltInWithADescription()
    {
        Assert.That(BuiltInSchedulers.Names, Is.EqualTo(TransformersNames), "upstream's SchedulerType order");
        Assert.That(BuiltInSchedulers.All.Concat(BuiltInSchedulers.Extras).Select(d => d.Description), Has.All.Not.Empty);
        Assert.That(BuiltInSpecs.All.Select(s => s.Name), Is.EquivalentTo(TransformersNames), "the round-trip specs cover every name");
    }

    [TestCaseSource(nameof(Names))]
    public void StateDictRoundTripAtARandomStepContinuesIdentically(string name)
    {
        var spec = BuiltInSpecs.For(name);
        var k = TestContext.CurrentContext.Random.Next(1, 25);
        var folder = Directory.CreateTempSubdirectory("sched-roundtrip-").FullName;
        try
        {
            using var first = new GoldenOptimizer();
            var original = spec.Build(first.Sgd);
            for (var t = 0; t < k; t++) spec.Advance(original, first.Sgd, t);
            // What the Trainer writes into checkpoint-<k>/ and reads back on resume.
            first.Sgd.SaveStateDict(Path.Combine(folder, "optimizer.pt"));
            original.SaveStateDict(Path.Combine(folder, "scheduler.pt"));

            using var second = new GoldenOptimizer();
            var resumed = spec.Build(second.Sgd);
            second.Sgd.LoadStateDict(Path.Combine(folder, "optimizer.pt"));
            resumed.LoadStateDict(Path.Combine(folder, "scheduler.pt"));
            Assert.That(resumed.LastEpoch, Is.EqualTo(original.LastEpoch), $"resumed at step {k}");
            Assert.That(resumed.GetLastLr(), Is.EqualTo(original.GetLastLr()), $"lrs right after resuming at step {k}");
            AssertSameState(resumed.StateDict(), original.StateDict(), "state");
            for (var t = k; t < k + 30; t++)
            {
                spec.Advance(original, first.Sgd, t);
                spec.Advance(resumed, second.Sgd, t);
                Assert.That(resumed.GetLastLr(), Is.EqualTo(original.GetLastLr()), $"step {t + 1} after resuming at {k}");
            }

            AssertSameState(resumed.StateDict(), original.StateDict(), "state at the end");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertSameState(object? actual, object? expected, string path)
    {
        switch (expected)
        {
            case IDictionary e:
                var a = (IDictionary)actual!;
                Assert.That(a.Keys.Cast<object>(), Is.EquivalentTo(e.Keys.Cast<object>()), $"{path}: keys");
                foreach (var key in e.Keys) AssertSameState(a[key], e[key], $"{path}.{key}");
                break;
            case IEnumerable e when expected is not string:
                var items = ((IEnumerable)actual!).Cast<object?>().ToList();
                var expectedItems = e.Cast<object?>().ToList();
                Assert.That(items, Has.Count.EqualTo(expectedItems.Count), $"{path}: length");
                for (var i = 0; i < items.Count; i++) AssertSameState(items[i], expectedItems[i], $"{path}[{i}]");
                break;
            default:
                Assert.That(actual, Is.EqualTo(expected), path);
                break;
        }
    }

    [Test]
    public void ACustomSchedulerRegisteredWithAddSchedulerIsFoundByName()
    {
        using var provider = new ServiceCollection()
            .AddBuiltInSchedulers()
            .AddScheduler("halving", r => BuiltInSchedulers.Lambda(r, Schedule.From(t => Math.Pow(0.5, t))), "halves the lr every step")
            .BuildServiceProvider();
        var registry = provider.GetRequiredService<ISchedulerRegistry>();
        Assert.That(registry.Contains("halving"), Is.True);
        Assert.That(registry.Get("halving").Description, Is.EqualTo("halves the lr every step"));
        Assert.That(TransformersNames.Append("adafactor"), Is.SubsetOf(registry.Descriptors.Select(d => d.Name)));
        using var fixture = new GoldenOptimizer();
        var scheduler = registry.Create("halving", new SchedulerRequest { Optimizer = fixture.Sgd });
        scheduler.Step();
        scheduler.Step();
        Assert.That(scheduler.GetLastLr(), Is.EqualTo(new[] { 0.25e-3, 0.25 * 5e-4 }));
        var cosine = registry.Create("cosine", new SchedulerRequest { Optimizer = fixture.Sgd, NumWarmupSteps = 0, NumTrainingSteps = 10 });
        Assert.That(cosine.Name, Is.EqualTo("LambdaLR"));
    }

    [TestCase("cosin", "cosine")]
    [TestCase("cosine_with_restart", "cosine_with_restarts")]
    [TestCase("Linear", "linear")]
    [TestCase("reduce_on_plateau", "reduce_lr_on_plateau")]
    public void AnUnknownNameSuggestsTheClosestAndListsTheRest(string name, string closest)
    {
        using var fixture = new GoldenOptimizer();
        var e = Assert.Throws<UnknownSchedulerException>(() => SchedulerCatalog.GetScheduler(name, fixture.Sgd, 0, 10))!;
        Assert.That(e.Suggestion, Is.EqualTo(closest));
        Assert.That(e.Message, Does.Contain($"unknown scheduler '{name}'").And.Contain($"Did you mean '{closest}'?"));
        foreach (var known in TransformersNames) Assert.That(e.Message, Does.Contain(known));
        Assert.That(e.Message, Does.Not.Contain("adafactor"), "GetScheduler mirrors Transformers' SchedulerType");

        using var provider = new ServiceCollection().AddBuiltInSchedulers().BuildServiceProvider();
        var fromRegistry = Assert.Throws<UnknownSchedulerException>(() =>
            provider.GetRequiredService<ISchedulerRegistry>().Create(name, new SchedulerRequest { Optimizer = fixture.Sgd }))!;
        Assert.That(fromRegistry.Suggestion, Is.EqualTo(closest));
    }

    [TestCase("linear", "num_cycles")]
    [TestCase("cosine", "power")]
    [TestCase("polynomial", "num_cycles")]
    [TestCase("inverse_sqrt", "num_cycles")]
    [TestCase("cosine_with_min_lr", "warmup_lr_rate")]
    [TestCase("warmup_stable_decay", "num_training_steps")]
    [TestCase("reduce_lr_on_plateau", "max_lr")]
    [TestCase("greedy", "patients")]
    public void AnUnexpectedKeywordIsRejectedNamingIt(string name, string key)
    {
        using var fixture = new GoldenOptimizer();
        // Keywords the schedule requires are given, so the unexpected one is the only fault.
        var kwargs = name switch
        {
            "warmup_stable_decay" => new Dictionary<string, object?> { ["num_decay_steps"] = 2L },
            "cosine_with_min_lr" => new Dictionary<string, object?> { ["min_lr_rate"] = 0.1 },
            _ => new Dictionary<string, object?>(),
        };
        kwargs[key] = 1L;
        var e = Assert.Catch<ArgumentException>(() => SchedulerCatalog.GetScheduler(name, fixture.Sgd, 2, 10, kwargs))!;
        Assert.That(e.Message, Does.Contain($"'{key}' is not an argument of {name}"));
        Assert.That(e.ParamName, Is.EqualTo(LrSchedulerKwargs.SettingName));
    }

    [Test]
    public void DispatchIgnoresWhatTransformersIgnores()
    {
        using var fixture = new GoldenOptimizer();
        var junk = new Dictionary<string, object?> { ["anything"] = 1L };
        Assert.That(SchedulerCatalog.GetScheduler("constant", fixture.Sgd, null, null, junk).GetLastLr(), Is.EqualTo(fixture.GroupLrs()),
            "constant ignores steps and kwargs");
        var warm = SchedulerCatalog.GetScheduler("constant_with_warmup", fixture.Sgd, 4, null, junk);
        Assert.That(warm.GetLastLr(), Is.EqualTo(new[] { 0.0, 0.0 }), "constant_with_warmup ignores kwargs and N");
        using var other = new GoldenOptimizer();
        Assert.That(SchedulerCatalog.GetScheduler("reduce_lr_on_plateau", other.Sgd, null, null), Is.TypeOf<ReduceLROnPlateau>());
        Assert.That(SchedulerCatalog.GetScheduler("greedy", other.Sgd, 3, 7), Is.TypeOf<GreedyLR>(), "steps are ignored");
        Assert.That(SchedulerCatalog.GetScheduler("inverse_sqrt", other.Sgd, 0, null), Is.TypeOf<ScheduledValue>(), "N not needed");
    }

    [TestCase("linear", null, 10L, "SchedulerType.LINEAR requires `num_warmup_steps`")]
    [TestCase("constant_with_warmup", null, 10L, "SchedulerType.CONSTANT_WITH_WARMUP requires `num_warmup_steps`")]
    [TestCase("inverse_sqrt", null, null, "SchedulerType.INVERSE_SQRT requires `num_warmup_steps`")]
    [TestCase("warmup_stable_decay", null, 10L, "SchedulerType.WARMUP_STABLE_DECAY requires `num_warmup_steps`")]
    [TestCase("cosine_with_restarts", 0L, null, "SchedulerType.COSINE_WITH_RESTARTS requires `num_training_steps`")]
    [TestCase("polynomial", 0L, null, "SchedulerType.POLYNOMIAL requires `num_training_steps`")]
    [TestCase("cosine_warmup_with_min_lr", 0L, null, "SchedulerType.COSINE_WARMUP_WITH_MIN_LR requires `num_training_steps`")]
    public void MissingStepCountsAreReportedAsTransformersDoes(string name, long? warmup, long? training, string message)
    {
        using var fixture = new GoldenOptimizer();
        // The step counts are checked before the kwargs, as get_scheduler checks them before calling the schedule.
        var e = Assert.Catch<ArgumentException>(() =>
            SchedulerCatalog.GetScheduler(name, fixture.Sgd, warmup, training, new Dictionary<string, object?> { ["bogus"] = 1L }))!;
        Assert.That(e.Message, Does.Contain(message));
    }
}
