using System.Text;
using Microsoft.Extensions.Configuration;
using Training.Schedulers;

namespace Training.Schedulers.Tests.Cerebras;

/// <summary>The two Cerebras configuration formats bound from appsettings.json, and their errors.</summary>
public class CerebrasConfigTests
{
    private static IConfiguration Json(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();

    private static Dictionary<string, object?> Dict(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    [Test]
    public void GptStyleLearningRateListBindsFromAppSettings()
    {
        var configuration = Json("""
            { "optimizer": { "optimizer_type": "AdamW",
                "learning_rate": [
                  { "scheduler": "Linear", "initial_learning_rate": 0.0, "end_learning_rate": 0.0002, "total_iters": 4 },
                  { "scheduler": "CosineDecay", "initial_learning_rate": 0.0002, "end_learning_rate": 2.0e-05, "total_iters": 8 } ],
                "adjust_learning_rate": { "decoder_kernel": 0.1 } } }
            """);
        using var fixture = CerebrasFixture.FromOptions(
            new() { ["lr"] = 1.0, ["weight_decay"] = 0.0, ["adjust_learning_rate"] = 1.0 },
            new() { ["lr"] = 1.0, ["weight_decay"] = 0.0, ["adjust_learning_rate"] = 0.1 });
        var scheduler = CerebrasSchedulerConfig.FromOptimizerSection(fixture.Optimizer, configuration.GetSection("optimizer"));
        Assert.That(scheduler!.Name, Is.EqualTo("ScalePerParamLR"));
        var values = fixture.Run(scheduler, "lr", 12);
        var warm = new LinearDecay(0.0, 0.0002, 4);
        var decay = new CosineDecaySchedule(0.0002, 2e-5, 8);
        for (var t = 0; t <= 12; t++)
        {
            var expected = t < 4 ? warm.ValueAt(t) : decay.ValueAt(t - 4);
            Assert.That(values[0][t], Is.EqualTo(expected).Within(1e-18), $"group 0 step {t}");
            Assert.That(values[1][t], Is.EqualTo(0.1 * expected).Within(1e-18), $"group 1 step {t}");
        }
    }

    private sealed record LinearDecay(double Initial, double End, long Total) : ISchedule
    {
        public double ValueAt(long step) => new PolynomialDecaySchedule(Initial, End, Total).ValueAt(step);
    }

    [Test]
    public void TaggedSchedulersBindFromAppSettings()
    {
        // modelzoo 2.10 DINOv2 shape: a WD schedule on one tag, a sequential LR schedule on another.
        var configuration = Json("""
            { "schedulers": [
                { "CosineDecayWD": { "initial_val": 0.04, "end_val": 0.4, "total_iters": 10, "param_group_tags": "wd_params" } },
                { "SequentialLR": { "param_group_tags": "lr_emb",
                    "schedulers": [
                      { "LinearLR": { "initial_learning_rate": 0.0, "end_learning_rate": 0.1, "total_iters": 3 } },
                      { "CosineDecayLR": { "initial_learning_rate": 0.1, "end_learning_rate": 0.001, "total_iters": 5 } } ] } } ] }
            """);
        using var fixture = CerebrasFixture.Groups((0.5, 0.5, "wd_params"), (0.5, 0.0, "lr_emb"), (0.5, 0.0, null));
        var schedulers = configuration.GetSection("schedulers").GetChildren()
            .Select(s => CerebrasSchedulerConfig.FromSchedulerConfig(fixture.Optimizer, s)).ToList();
        Assert.That(schedulers.Select(s => s.Name), Is.EqualTo(new[] { "CosineDecayWD", "SequentialLR" }));
        foreach (var _ in Enumerable.Range(0, 4)) schedulers.ForEach(s => s.Step());
        Assert.That(fixture.Values("weight_decay"), Is.EqualTo(new[] { new CosineDecaySchedule(0.04, 0.4, 10).ValueAt(4), 0.0, 0.0 }));
        Assert.That(fixture.Values("lr"), Is.EqualTo(new[] { 0.5, new CosineDecaySchedule(0.1, 0.001, 5).ValueAt(1), 0.5 }));
    }

    [Test]
    public void NullTagFromAppSettingsSelectsTheUntaggedGroups()
    {
        var configuration = Json("""{ "s": { "ConstantWD": { "val": 0.0, "param_group_tags": [null] } } }""");
        using var fixture = CerebrasFixture.Groups((0.5, 0.5, "a"), (0.25, 0.25, null));
        CerebrasSchedulerConfig.FromSchedulerConfig(fixture.Optimizer, configuration.GetSection("s"));
        Assert.That(fixture.Values("weight_decay"), Is.EqualTo(new[] { 0.5, 0.0 }));
    }

    [Test]
    public void NestedSequentialConfigurationAdvancesTheInnerPhases()
    {
        // Cerebras freezes an inner Sequential at its children's step 0; here the inner decay runs.
        var config = Dict(("SequentialLR", Dict(("schedulers", new List<object?>
        {
            Dict(("ConstantLR", Dict(("learning_rate", 0.2), ("total_iters", 2L)))),
            Dict(("SequentialLR", Dict(("schedulers", new List<object?>
            {
                Dict(("ConstantLR", Dict(("learning_rate", 0.1), ("total_iters", 2L)))),
                Dict(("LinearLR", Dict(("initial_learning_rate", 0.1), ("end_learning_rate", 0.0), ("total_iters", 4L)))),
            })))),
        }))));
        var spec = CerebrasSchedulerConfig.ResolveScheduler(config);
        Assert.That(CerebrasFixture.Canonical(spec.Args["milestones"]), Is.EqualTo("[2]"));
        using var fixture = CerebrasFixture.Single();
        var values = fixture.Run(CerebrasSchedulerBuilder.Build(fixture.Optimizer, spec), "lr", 9)[0];
        Assert.That(values, Is.EqualTo(new[] { 0.2, 0.2, 0.1, 0.1, 0.1, 0.075, 0.05, 0.025, 0.0, 0.0 }).Within(1e-15));
    }

    [Test]
    public void SchedulerNamesAreCaseInsensitiveWithOptionalSuffix()
    {
        foreach (var name in new[] { "Linear", "linear", "LinearLR", "LINEARLR" })
        {
            var spec = CerebrasSchedulerConfig.ResolveLearningRate(Dict(("scheduler", name), ("initial_learning_rate", 0.1), ("end_learning_rate", 0.0), ("total_iters", 5L)));
            Assert.That(spec!.Class, Is.EqualTo("LinearLR"), name);
        }

        Assert.That(CerebrasSchedulerConfig.ResolveLearningRate(Dict(("scheduler", "cosineannealingwarmrestarts"), ("initial_learning_rate", 0.1), ("T_0", 5L)))!.Class,
            Is.EqualTo("CosineAnnealingWarmRestarts"));
        Assert.That(CerebrasSchedulerConfig.ResolveLearningRate(null), Is.Null, "no learning_rate: no scheduler");
        Assert.That(CerebrasSchedulerConfig.ResolveLearningRate(0.0), Is.Null, "falsy: no scheduler");
        Assert.That(CerebrasSchedulerConfig.ResolveLearningRate("3e-4")!.Args["learning_rate"], Is.EqualTo("3e-4"));
    }

    private static TException Fails<TException>(Action action, params string[] fragments) where TException : Exception
    {
        var e = Assert.Throws<TException>(action)!;
        foreach (var fragment in fragments) Assert.That(e.Message, Does.Contain(fragment));
        return e;
    }

    [Test]
    public void LegacyAliasesNameTheirReplacement()
    {
        var e = Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveLearningRate(
            Dict(("scheduler", "CosineDecay"), ("initial_learning_rate", 0.1), ("end_learning_rate", 0.0), ("decay_steps", 10L))),
            "'decay_steps'", "use 'total_iters'", "learning_rate (CosineDecayLR)");
        Assert.That(e.ParamName, Is.EqualTo("learning_rate.decay_steps"));
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveLearningRate(
            new List<object?> { Dict(("scheduler", "Exponential"), ("learning_rate", 0.1), ("total_iters", 5L), ("decay_rate", 0.5)) }),
            "learning_rate[0] (ExponentialLR)", "'learning_rate'", "use 'initial_learning_rate'");
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveLearningRate(
            Dict(("scheduler", "CosineAnnealing"), ("initial_learning_rate", 0.1), ("t_max", 5L))), "'t_max'", "use 'T_max'");
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveScheduler(
            Dict(("PiecewiseConstantWD", Dict(("values", new List<object?> { 0.1, 0.01 }), ("boundaries", new List<object?> { 3L }))))),
            "'values' is not supported, use 'vals'", "'boundaries' is not supported, use 'milestones'");
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveScheduler(
            Dict(("CosineDecayWD", Dict(("initial_learning_rate", 0.1), ("end_val", 0.0), ("total_iters", 5L))))),
            "'initial_learning_rate' is not supported, use 'initial_val'");
    }

    [Test]
    public void UnknownKeysAndClassesAreNamed()
    {
        var e = Fails<ArgumentBindingException>(() => CerebrasSchedulerConfig.ResolveLearningRate(
            Dict(("scheduler", "Step"), ("initial_learning_rate", 0.1), ("step_size", 2L), ("gamma", 0.5), ("warmup", 3L))),
            "learning_rate: 'warmup' is not an argument of StepLR (it takes: initial_learning_rate, step_size, gamma, param_group_tags)");
        Assert.That(e.ParamName, Is.EqualTo("learning_rate"));
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveLearningRate(Dict(("scheduler", "CosinDecay"), ("total_iters", 5L))),
            "unknown scheduler 'CosinDecay'", "Did you mean 'CosineDecayLR'?");
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveScheduler(Dict(("cosinedecaylr", Dict()))), "unknown scheduler 'cosinedecaylr'", "CosineDecayLR");
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveLearningRate(Dict(("initial_learning_rate", 0.1))), "missing 'scheduler'");
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveLearningRate(Dict(("scheduler", "Sequential"), ("schedulers", new List<object?>()))),
            "SequentialLR cannot be written as one learning_rate dictionary");
        Fails<ArgumentBindingException>(() => CerebrasSchedulerConfig.ResolveLearningRate(Dict(("scheduler", "CosineDecay"), ("initial_learning_rate", 0.1), ("end_learning_rate", 0.0))),
            "learning_rate: CosineDecayLR requires 'total_iters'");
    }

    [Test]
    public void SequentialListsNeedTotalItersOnEveryPhaseButTheLast()
    {
        var e = Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveLearningRate(new List<object?>
        {
            Dict(("scheduler", "Constant"), ("learning_rate", 0.1)),
            Dict(("scheduler", "CosineDecay"), ("initial_learning_rate", 0.1), ("end_learning_rate", 0.0), ("total_iters", 8L)),
        }), "learning_rate[0] (ConstantLR) needs 'total_iters'");
        Assert.That(e.ParamName, Is.EqualTo("learning_rate[0].total_iters"));
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveScheduler(Dict(("SequentialWD", Dict(("schedulers", new List<object?>
        {
            Dict(("StepWD", Dict(("initial_val", 0.1), ("step_size", 2L), ("gamma", 0.5)))),
            Dict(("ConstantWD", Dict(("val", 0.0)))),
        }))))), "SequentialWD.schedulers[0] (StepWD) needs 'total_iters'");
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveScheduler(Dict(("SequentialWD", Dict(("milestones", new List<object?> { 3L }), ("schedulers", new List<object?>
        {
            Dict(("ConstantWD", Dict(("val", 0.1), ("total_iters", 2L)))),
            Dict(("ConstantWD", Dict(("val", 0.0)))),
        }))))), "SequentialWD.milestones = [3] disagree", "[2]");
    }

    [Test]
    public void MainSchedulerAndAdjustmentRules()
    {
        var linear = Dict(("scheduler", "Linear"), ("initial_learning_rate", 0.0), ("end_learning_rate", 0.1), ("total_iters", 4L), ("main_scheduler", "chained"));
        var step = Dict(("scheduler", "Step"), ("initial_learning_rate", 1.0), ("step_size", 2L), ("gamma", 0.5), ("main_scheduler", "sequential"));
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveLearningRate(new List<object?> { linear, step }), "conflicting main_scheduler values");
        step["main_scheduler"] = "chained";
        Assert.That(CerebrasSchedulerConfig.ResolveLearningRate(new List<object?> { linear, step })!.Class, Is.EqualTo("ChainedScheduler"));
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveLearningRate(new List<object?> { linear, step }, Dict(("embedding", 0.5))),
            "not supported with adjust_learning_rate");
        step["main_scheduler"] = linear["main_scheduler"] = "parallel";
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveLearningRate(new List<object?> { linear, step }), "main_scheduler = 'parallel'");
    }

    [Test]
    public void BadValuesAreBindingErrorsNamingKeyAndValue()
    {
        var e = Fails<ArgumentBindingException>(() => CerebrasSchedulerConfig.ResolveLearningRate(
            Dict(("scheduler", "CosineDecay"), ("initial_learning_rate", "high"), ("end_learning_rate", 0.0), ("total_iters", 10L))),
            "'initial_learning_rate' = 'high' is not a finite number");
        Fails<FormatException>(() => CerebrasSchedulerConfig.ResolveLearningRate("fast"), "learning_rate = 'fast'");
        Fails<ArgumentBindingException>(() => CerebrasSchedulerConfig.ResolveLearningRate(Dict(("scheduler", "Step"), ("initial_learning_rate", 0.1), ("step_size", 2.5), ("gamma", 0.5))),
            "'step_size' = '2.5' is not an integer");
        Fails<ArgumentOutOfRangeException>(() => CerebrasSchedulerConfig.ResolveLearningRate(
            Dict(("scheduler", "CosineDecay"), ("initial_learning_rate", 0.1), ("end_learning_rate", 0.0), ("total_iters", 0L))),
            "learning_rate (CosineDecayLR)", "total_iters");
        Assert.That(e.Message, Does.StartWith("learning_rate: "));
    }

    [Test]
    public void ChildrenOfTaggedParentsMayNotCarryTheirOwnTags()
    {
        var child = Dict(("CosineDecayLR", Dict(("initial_learning_rate", 0.1), ("end_learning_rate", 0.0), ("total_iters", 5L), ("param_group_tags", "b"))));
        Fails<ArgumentException>(() => CerebrasSchedulerConfig.ResolveScheduler(Dict(("ScalePerParamLR", Dict(("param_group_tags", "a"), ("scheduler", child))))),
            "ScalePerParamLR.scheduler.param_group_tags = 'b'", "may not set its own");
        var spec = CerebrasSchedulerConfig.ResolveScheduler(Dict(("ChainedWD", Dict(("param_group_tags", new List<object?> { "a", null }),
            ("schedulers", new List<object?> { Dict(("ConstantWD", Dict(("val", 0.1)))) })))));
        var copied = (CerebrasSchedulerSpec)((List<object?>)spec.Args["schedulers"]!)[0]!;
        Assert.That(CerebrasFixture.Canonical(copied.Args["param_group_tags"]), Is.EqualTo("[\"a\",null]"), "copied from the parent");
    }
}
