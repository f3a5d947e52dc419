using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Training.Schedulers;

namespace Training.Schedulers.Tests.Cerebras;

/// <summary>
/// Every case of cerebras_schedules.json: each Cerebras LR / WD scheduler class, the composites, tags, and the
/// configure_lr_scheduler / configure_scheduler resolutions, against the float64 reimplementation for t = 0..steps.
/// Where Cerebras has a bug the golden README's rule applies: the agreeing prefix is compared with the golden
/// values and the whole run with our closed form of the intended semantics.
/// </summary>
public class CerebrasGoldenTests
{
    private const string FileName = "cerebras_schedules.json";
    private const double Rtol = 1e-12;
    private const double Atol = 1e-15;
    private static readonly Lazy<JsonNode> File = new(() => GoldenFiles.Load(FileName));

    public static IEnumerable<TestCaseData> Cases() =>
        File.Value["cases"]!.AsArray().Select(c => new TestCaseData((string)c!["name"]!).SetName($"cerebras_schedules.{(string)c["name"]!}"));

    public static IEnumerable<TestCaseData> ConfigCases() =>
        File.Value["config_cases"]!.AsArray().Select(c => new TestCaseData((string)c!["name"]!).SetName($"cerebras_schedules.config.{(string)c["name"]!}"));

    private static int Steps => (int)File.Value["steps"]!;

    private static JsonNode Find(string list, string name) => File.Value[list]!.AsArray().Single(c => (string)c!["name"]! == name)!;

    private static double[][] Expected(JsonNode testCase) =>
        testCase["values_per_group"] is JsonArray perGroup
            ? perGroup.Select(GoldenFiles.Flatten).ToArray()
            : [GoldenFiles.Flatten(testCase["values"])];

    [TestCaseSource(nameof(Cases))]
    public void MatchesCerebras(string name)
    {
        var testCase = Find("cases", name);
        var spec = CerebrasSchedulerSpec.Parse(testCase["spec"]);
        var lambda = IntendedSemantics.IsLambda(spec.Class);
        if (lambda) spec = IntendedSemantics.WithPlaceholderLambda(spec);
        using var fixture = CerebrasFixture.FromGolden(testCase["groups"]);
        var scheduler = CerebrasSchedulerBuilder.Build(fixture.Optimizer, spec);
        Assert.That(scheduler.Name, Is.EqualTo((string)testCase["class"]!));
        var actual = fixture.Run(scheduler, (string)testCase["param_group_key"]!, Steps);
        var expected = Expected(testCase);
        Assert.That(actual, Has.Length.EqualTo(expected.Length), "groups");
        for (var g = 0; g < expected.Length; g++)
        {
            var what = $"{name} group {g}";
            var rule = IntendedSemantics.RuleFor(spec, expected[g]);
            if (rule is null)
            {
                Closeness.AssertClose(actual[g], expected[g], Rtol, Atol, what);
                continue;
            }

            Closeness.AssertClose(actual[g][..rule.Prefix], expected[g][..rule.Prefix], Rtol, Atol, $"{what}, prefix where Cerebras agrees");
            var intended = Enumerable.Range(0, actual[g].Length).Select(rule.Intended).ToArray();
            Closeness.AssertClose(actual[g], intended, Rtol, Atol, $"{what}, intended semantics");
            if (lambda)
            {
                // Cerebras multiplies initial·λ over its lambdas: initial appears squared.
                var initial = IntendedSemantics.Initial(spec);
                Closeness.AssertClose(actual[g].Select(v => initial * v).ToArray(), expected[g], Rtol, Atol, $"{what}, Cerebras' squared initial value");
            }
        }
    }

    [TestCaseSource(nameof(ConfigCases))]
    public void ResolvesAsCerebras(string name)
    {
        var testCase = Find("config_cases", name);
        var api = (string)testCase["api"]!;
        var (input, adjust) = api switch
        {
            "configure_lr_scheduler" => (testCase["learning_rate"], testCase["adjust_learning_rate"]),
            "configure_scheduler" => (testCase["config"], null),
            _ => throw new AssertionException($"{name}: unknown api '{api}'"),
        };
        var resolved = api == "configure_scheduler"
            ? CerebrasSchedulerConfig.ResolveScheduler(input)
            : CerebrasSchedulerConfig.ResolveLearningRate(input, adjust);
        Assert.That(CerebrasFixture.Canonical(resolved), Is.EqualTo(CerebrasFixture.Canonical(CerebrasConfigTree.Normalize(testCase["resolved"]))),
            "resolved spec");

        var expected = Expected(testCase);
        var configuration = AsConfiguration(input, adjust);
        var sources = new (string Source, object? Input, object? Adjust)[]
        {
            ("JSON tree", input, adjust),
            ("IConfiguration", configuration.GetSection("input"), configuration.GetSection("adjust")),
        };
        foreach (var (source, value, scale) in sources)
        {
            using var fixture = CerebrasFixture.FromGolden(testCase["groups"]);
            var scheduler = api == "configure_scheduler"
                ? CerebrasSchedulerConfig.FromSchedulerConfig(fixture.Optimizer, value)
                : CerebrasSchedulerConfig.FromLearningRate(fixture.Optimizer, value, scale);
            Assert.That(scheduler, Is.Not.Null, source);
            var actual = fixture.Run(scheduler!, scheduler!.Key, Steps);
            for (var g = 0; g < expected.Length; g++)
                Closeness.AssertClose(actual[g], expected[g], Rtol, Atol, $"{name} ({source}) group {g}");
        }
    }

    /// <summary>The case's input as appsettings.json would hold it: every value becomes a string.</summary>
    private static IConfiguration AsConfiguration(JsonNode? input, JsonNode? adjust)
    {
        var json = new JsonObject { ["input"] = input?.DeepClone(), ["adjust"] = adjust?.DeepClone() }.ToJsonString();
        return new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
    }
}
