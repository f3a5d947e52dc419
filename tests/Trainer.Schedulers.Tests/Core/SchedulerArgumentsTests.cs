using Microsoft.Extensions.DependencyInjection;
using Training.Schedulers.Tests.Transformers;

namespace Training.Schedulers.Tests.Core;

/// <summary>
/// Every registry entry declares its kwargs (one schema per scheduler) and the registry binds them with the one
/// binder before the factory runs: one wording for an unknown key, one conversion table, the unknown-key policy of
/// upstream, and the same error from <see cref="ISchedulerRegistry.Bind"/> as from <see cref="ISchedulerRegistry.Create"/>.
/// </summary>
public class SchedulerArgumentsTests
{
    private static readonly Lazy<ServiceProvider> Provider = new(() => new ServiceCollection().AddBuiltInSchedulers().BuildServiceProvider());

    private static ISchedulerRegistry Registry => Provider.Value.GetRequiredService<ISchedulerRegistry>();

    private static Dictionary<string, object?> Kwargs(params (string Key, object? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    public static IEnumerable<TestCaseData> Entries() =>
        BuiltInSchedulers.WithLibraryCatalogs.Select(d => new TestCaseData(d.Name).SetName($"Arguments.{d.Name}"));

    // Entries that take keyword arguments and reject unknown ones: each gets a misspelt key.
    public static IEnumerable<TestCaseData> RejectingEntries() => BuiltInSchedulers.WithLibraryCatalogs
        .Where(d => d.Arguments is { UnknownKeys: UnknownArgumentPolicy.Reject, UserKeys.Count: > 0 })
        .Select(d => new TestCaseData(d.Name).SetName($"Typo.{d.Name}"));

    [TestCaseSource(nameof(Entries))]
    public void EveryBuiltInEntryDeclaresItsArgumentsUnderItsOwnName(string name)
    {
        var descriptor = Registry.Get(name);
        Assert.That(descriptor.Arguments, Is.Not.Null, $"{name} declares its kwargs");
        Assert.That(descriptor.Arguments!.Owner, Is.EqualTo(name), "messages name the entry as configured");
        var policy = name is "constant" or "constant_with_warmup" ? UnknownArgumentPolicy.Ignore : UnknownArgumentPolicy.Reject;
        Assert.That(descriptor.Arguments.UnknownKeys, Is.EqualTo(policy), "unknown keys are ignored exactly where upstream drops kwargs");
    }

    [Test]
    public void TheOneExampleReadsAsTheIssueAsksForIt()
    {
        var e = Assert.Throws<ArgumentBindingException>(() => Registry.Bind("cosine", Kwargs(("num_cylces", "3")), LrSchedulerKwargs.SettingName))!;
        Assert.That(e.Summary, Is.EqualTo("LrSchedulerKwargs: 'num_cylces' is not an argument of cosine; did you mean 'num_cycles'? (it takes: num_cycles)"));
    }

    [TestCaseSource(nameof(RejectingEntries))]
    public void AMisspeltKeyNamesTheSchedulerTheClosestKeyAndAllKeys(string name)
    {
        var schema = Registry.Get(name).Arguments!;
        var key = schema.UserKeys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).First();
        var typo = Transposed(key);
        var e = Assert.Throws<ArgumentBindingException>(() => Registry.Bind(name, Kwargs((typo, 1L)), LrSchedulerKwargs.SettingName))!;
        // Required arguments left out are listed after it, in the same error.
        Assert.That(e.Summary.Split(Environment.NewLine)[0], Is.EqualTo(
            $"LrSchedulerKwargs: '{typo}' is not an argument of {name}; did you mean '{key}'? (it takes: {string.Join(", ", schema.UserKeys)})"));
        Assert.That(e.Problems[0].Closest, Is.EqualTo(key));
        Assert.That(e.Problems.Skip(1).Select(p => p.Message), Has.All.StartWith($"{name} requires '"));
        Assert.That(e.ParamName, Is.EqualTo(LrSchedulerKwargs.SettingName));
    }

    // Two adjacent, different letters swapped near the middle: one edit away.
    private static string Transposed(string key)
    {
        var chars = key.ToCharArray();
        for (var i = chars.Length / 2; i < chars.Length - 1; i++)
        {
            if (chars[i] == chars[i + 1]) continue;
            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
            return new string(chars);
        }

        return key + "x";
    }

    [Test]
    public void AnIntegerStepCountWrittenAsAFloatBindsAsAnInteger()
    {
        var bound = Registry.Bind("torch.StepLR", Kwargs(("step_size", "4.0")), LrSchedulerKwargs.SettingName)!;
        Assert.That(bound.Value("step_size"), Is.EqualTo(4L));
        using var fixture = new GoldenOptimizer();
        var wsd = (ScheduledValue)Registry.Create("warmup_stable_decay", new SchedulerRequest
        {
            Optimizer = fixture.Sgd, NumWarmupSteps = 2, NumTrainingSteps = 10,
            // Configuration text, as TrainingArguments.LrSchedulerKwargs holds it.
            Kwargs = Kwargs(("num_decay_steps", "4.0"), ("decay_type", "linear")),
        });
        Assert.That(wsd.Multiplier!.ValueAt(10), Is.EqualTo(0.0), "decays to 0 over the 4 steps after the stable phase");
        var half = Assert.Throws<ArgumentBindingException>(() => Registry.Bind("torch.StepLR", Kwargs(("step_size", "4.5")), LrSchedulerKwargs.SettingName))!;
        Assert.That(half.Summary, Is.EqualTo("LrSchedulerKwargs: 'step_size' = '4.5' is not an integer"));
    }

    [TestCase("NaN")]
    [TestCase("nan")]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void ANonFiniteNumberIsRefused(object value)
    {
        var e = Assert.Throws<ArgumentBindingException>(() => Registry.Bind("cosine", Kwargs(("num_cycles", value)), LrSchedulerKwargs.SettingName))!;
        Assert.That(e.Problems.Single().Message, Does.StartWith("'num_cycles' = '").And.EndWith("' is not a finite number"));
    }

    [TestCase("constant")]
    [TestCase("constant_with_warmup")]
    public void AnIgnoringEntryDropsUnknownKeysAsUpstreamDoes(string name)
    {
        var bound = Registry.Bind(name, Kwargs(("num_cycles", 2L), ("anything", "x")), LrSchedulerKwargs.SettingName)!;
        Assert.That(bound.Ignored, Is.EquivalentTo(Kwargs(("num_cycles", 2L), ("anything", "x"))));
        Assert.That(bound.Values, Is.Empty);
        using var fixture = new GoldenOptimizer();
        var scheduler = Registry.Create(name, new SchedulerRequest { Optimizer = fixture.Sgd, NumWarmupSteps = 0, Kwargs = Kwargs(("num_cycles", 2L)) });
        Assert.That(scheduler.GetLastLr(), Is.EqualTo(fixture.GroupLrs()));
    }

    [Test]
    public void ACustomEntryWithoutASchemaReceivesTheRawKwargs()
    {
        SchedulerRequest? seen = null;
        using var provider = new ServiceCollection()
            .AddScheduler("mine", r =>
            {
                seen = r;
                return BuiltInSchedulers.Lambda(r, Schedule.Constant(1.0));
            })
            .BuildServiceProvider();
        var registry = provider.GetRequiredService<ISchedulerRegistry>();
        Assert.That(registry.Get("mine").Arguments, Is.Null, "not declared");
        var kwargs = Kwargs(("anything", "3"), ("nested", new Dictionary<string, object?> { ["a"] = 1L }));
        Assert.That(registry.Bind("mine", kwargs, LrSchedulerKwargs.SettingName), Is.Null, "nothing to check at start-up");
        using var fixture = new GoldenOptimizer();
        registry.Create("mine", new SchedulerRequest { Optimizer = fixture.Sgd, Kwargs = kwargs });
        Assert.That(seen!.Kwargs, Is.SameAs(kwargs));
        Assert.That(seen.Arguments, Is.Null);
    }

    [Test]
    public void ACustomEntryWithASchemaReceivesBoundArguments()
    {
        var schema = new ArgumentSchema("halving", [new ArgumentSpec("every", ArgumentKind.Integer) { Default = 1L, Rule = ArgumentRule.Positive }]);
        using var provider = new ServiceCollection()
            .AddScheduler("halving", r => BuiltInSchedulers.Lambda(r, Schedule.From(t => Math.Pow(0.5, t / r.Arguments!.Integer("every")))), arguments: schema)
            .BuildServiceProvider();
        var registry = provider.GetRequiredService<ISchedulerRegistry>();
        using var fixture = new GoldenOptimizer();
        var scheduler = (ScheduledValue)registry.Create("halving", new SchedulerRequest { Optimizer = fixture.Sgd, Kwargs = Kwargs(("every", "2")) });
        Assert.That(scheduler.Multiplier!.ValueAt(4), Is.EqualTo(0.25));
        var e = Assert.Throws<ArgumentBindingException>(() => registry.Bind("halving", Kwargs(("every", "0")), LrSchedulerKwargs.SettingName))!;
        Assert.That(e.Problems.Single().Message, Is.EqualTo("Invalid every: 0 (must be a finite value > 0)"));
    }

    public static IEnumerable<TestCaseData> BadKwargs() =>
    [
        new TestCaseData("cosine", Kwargs(("num_cycels", 1L))).SetName("SameError.cosine"),
        new TestCaseData("greedy", Kwargs(("patience", "ten"))).SetName("SameError.greedy"),
        new TestCaseData("torch.StepLR", Kwargs(("gamma", 0.5))).SetName("SameError.torch.StepLR"),
        new TestCaseData("cerebras.CosineDecayLR", Kwargs(("initial_learning_rate", 1.0), ("end_learning_rate", 0.0), ("total_iter", 4L)))
            .SetName("SameError.cerebras.CosineDecayLR"),
    ];

    [TestCaseSource(nameof(BadKwargs))]
    public void BindThroughTheRegistryRaisesWhatCreateRaises(string name, Dictionary<string, object?> kwargs)
    {
        var bound = Assert.Throws<ArgumentBindingException>(() => Registry.Bind(name, kwargs, LrSchedulerKwargs.SettingName))!;
        using var fixture = new GoldenOptimizer();
        var created = Assert.Throws<ArgumentBindingException>(() =>
            Registry.Create(name, new SchedulerRequest { Optimizer = fixture.Sgd, NumWarmupSteps = 0, NumTrainingSteps = 10, Kwargs = kwargs }))!;
        Assert.That(bound.Message, Is.EqualTo(created.Message));
        Assert.That(bound.Problems, Is.EqualTo(created.Problems));
    }

    [Test]
    public void AnUnknownNameIsTheSameErrorFromBindAndCreate()
    {
        var bound = Assert.Throws<UnknownSchedulerException>(() => Registry.Bind("cosin", Kwargs(), LrSchedulerKwargs.SettingName))!;
        using var fixture = new GoldenOptimizer();
        var created = Assert.Throws<UnknownSchedulerException>(() => Registry.Create("cosin", new SchedulerRequest { Optimizer = fixture.Sgd }))!;
        Assert.That(bound.Message, Is.EqualTo(created.Message));
        Assert.That(bound.Suggestion, Is.EqualTo("cosine"));
    }

    [Test]
    public void AChildSchedulersArgumentsBindUnderItsPath()
    {
        using var fixture = new GoldenOptimizer();
        var torch = Assert.Throws<ArgumentBindingException>(() => Registry.Create("torch.SequentialLR", new SchedulerRequest
        {
            Optimizer = fixture.Sgd,
            Kwargs = Kwargs(
                ("schedulers", new List<object?>
                {
                    Kwargs(("ConstantLR", Kwargs(("factor", 0.5)))),
                    Kwargs(("LinearLR", Kwargs(("start_factr", 0.5)))),
                }),
                ("milestones", new List<object?> { 2L })),
        }))!;
        Assert.That(torch.Summary, Is.EqualTo(
            "LrSchedulerKwargs:schedulers:1:LinearLR: 'start_factr' is not an argument of LinearLR; did you mean 'start_factor'? (it takes: start_factor, end_factor, total_iters)"));
        var cerebras = Assert.Throws<ArgumentBindingException>(() => Registry.Create("cerebras.SequentialLR", new SchedulerRequest
        {
            Optimizer = fixture.Sgd,
            Kwargs = Kwargs(("schedulers", new List<object?>
            {
                Kwargs(("ConstantLR", Kwargs(("learning_rate", 0.1), ("total_iters", 2L)))),
                Kwargs(("CosineDecayLR", Kwargs(("initial_learning_rate", "high"), ("end_learning_rate", 0.0), ("total_iters", 4L)))),
            })),
        }))!;
        Assert.That(cerebras.Summary, Is.EqualTo("LrSchedulerKwargs.schedulers[1]: 'initial_learning_rate' = 'high' is not a finite number"));
    }
}
