using Training.TorchExtensions;
using System.Text.Json.Nodes;

namespace Training.Schedulers.Tests.Transformers;

/// <summary>
/// Every case of hf_schedules.json (Transformers' get_scheduler on a two-group SGD), one test per case. Values are
/// compared exactly: the ports keep Python's float operation order, so the doubles are identical.
/// </summary>
public class HfSchedulesGoldenTests
{
    private const string FileName = "hf_schedules.json";
    private static readonly Lazy<JsonNode> File = new(() => GoldenFiles.Load(FileName));

    public static IEnumerable<TestCaseData> Cases() =>
        File.Value["cases"]!.AsArray().Select(c => new TestCaseData((string)c!["id"]!).SetName($"hf_schedules.{(string)c["id"]!}"));

    [Test]
    public void TheFileDescribesTheOptimizerTheTestsBuild()
    {
        var optimizer = File.Value["optimizer"]!;
        Assert.That((string)optimizer["class"]!, Is.EqualTo("SGD"));
        Assert.That(GoldenFiles.Number(optimizer["defaults_lr"]), Is.EqualTo(GoldenOptimizer.DefaultsLr));
        Assert.That(GoldenFiles.Flatten(optimizer["group_lrs"]), Is.EqualTo(new[] { GoldenOptimizer.DefaultsLr, GoldenOptimizer.Group1Lr }));
        using var fixture = new GoldenOptimizer();
        Assert.That(fixture.Sgd.Defaults["lr"], Is.EqualTo(GoldenOptimizer.DefaultsLr));
        Assert.That(fixture.GroupLrs(), Is.EqualTo(new[] { GoldenOptimizer.DefaultsLr, GoldenOptimizer.Group1Lr }));
    }

    [TestCaseSource(nameof(Cases))]
    public void MatchesTransformers(string id) => Run(File.Value["cases"]!.AsArray().Single(c => (string)c!["id"]! == id)!);

    // The current file has no "skipped" case (every type was present in the reference); a regenerated one may, and
    // an unknown kind must fail rather than pass silently.
    [Test]
    public void SkippedCasesRequireTheTypeHereAndUnknownKindsFail()
    {
        foreach (var name in BuiltInSchedulers.Names)
            Run(JsonNode.Parse($$"""{"id": "s", "kind": "skipped", "scheduler_type": "{{name}}", "reason": "absent"}""")!);
        Assert.That(Outcome(JsonNode.Parse("""{"id": "s", "kind": "skipped", "scheduler_type": "not_a_type", "reason": "absent"}""")!),
            Does.Contain("must be supported here"));
        Assert.That(Outcome(JsonNode.Parse("""{"id": "x", "kind": "tensor", "scheduler_type": "linear"}""")!), Does.Contain("'tensor' is not supported"));
    }

    // Runs a case in an isolated NUnit context and returns its failure message ("" when it passes).
    private static string Outcome(JsonNode testCase)
    {
        using var isolated = new NUnit.Framework.Internal.TestExecutionContext.IsolatedContext();
        try
        {
            Run(testCase);
            return "";
        }
        catch (AssertionException e)
        {
            return e.Message;
        }
    }

    private static void Run(JsonNode testCase)
    {
        var id = (string)testCase["id"]!;
        var kind = (string)testCase["kind"]!;
        switch (kind)
        {
            case "lambda": Lambda(testCase); break;
            case "metric": Metric(testCase); break;
            case "error": Error(testCase); break;
            case "resume": Resume(testCase); break;
            case "skipped": Skipped(testCase); break;
            default: Assert.Fail($"{id}: case kind '{kind}' is not supported by this test"); break;
        }
    }

    internal static Scheduler Build(JsonNode testCase, Optimizer optimizer) =>
        SchedulerCatalog.GetScheduler((string)testCase["scheduler_type"]!, optimizer, (long?)testCase["num_warmup_steps"],
            (long?)testCase["num_training_steps"], Kwargs(testCase["scheduler_specific_kwargs"]));

    // The golden kwargs are JSON as Python wrote them (ints without '.'), which is what LrSchedulerKwargs decodes.
    private static IReadOnlyDictionary<string, object?>? Kwargs(JsonNode? node) => node is null ? null : LrSchedulerKwargs.Parse(node.ToJsonString());

    private static void Lambda(JsonNode c)
    {
        var steps = (int)c["steps"]!;
        using var fixture = new GoldenOptimizer();
        var scheduler = Build(c, fixture.Sgd);
        Assert.That(scheduler, Is.TypeOf<ScheduledValue>(), "Transformers builds a LambdaLR");
        var multiplier = ((ScheduledValue)scheduler).Multiplier!;
        var multipliers = Enumerable.Range(0, steps + 1).Select(s => multiplier.ValueAt(s)).ToArray();
        Closeness.AssertClose(multipliers, GoldenFiles.Flatten(c["multipliers"]), 0, 0, "multipliers");

        var lrs = new List<double[]> { scheduler.GetLastLr().ToArray() };
        var groupLrs = new List<double[]> { fixture.GroupLrs() };
        for (var s = 0; s < steps; s++)
        {
            fixture.Sgd.Step();
            scheduler.Step();
            lrs.Add(scheduler.GetLastLr().ToArray());
            groupLrs.Add(fixture.GroupLrs());
        }

        AssertRows(lrs, c["lrs"], "get_last_lr");
        AssertRows(groupLrs, c["group_lr_after"], "param_groups lr");
    }

    private static void Metric(JsonNode c)
    {
        using var fixture = new GoldenOptimizer();
        var scheduler = Build(c, fixture.Sgd);
        Assert.That(scheduler, Is.InstanceOf<MetricScheduler>());
        Assert.That(scheduler.IsMetricDriven, Is.True);
        var metrics = GoldenFiles.Flatten(c["metrics"]);
        var internals = c["internal"]!.AsArray();
        var lrs = new List<double[]> { fixture.GroupLrs() };
        AssertCounters(scheduler, internals[0]!, 0);
        for (var k = 0; k < metrics.Length; k++)
        {
            ((MetricScheduler)scheduler).Step(metrics[k]);
            lrs.Add(fixture.GroupLrs());
            AssertCounters(scheduler, internals[k + 1]!, k + 1);
        }

        AssertRows(lrs, c["lrs"], "param_groups lr");
    }

    // The counters are compared through the state dict, which is how they survive a checkpoint.
    private static void AssertCounters(Scheduler scheduler, JsonNode expected, int row)
    {
        var state = scheduler.StateDict();
        foreach (var (key, value) in expected.AsObject())
        {
            Assert.That(state.ContainsKey(key), Is.True, $"row {row}: state dict has no '{key}'");
            Assert.That(Convert.ToDouble(state[key]), Is.EqualTo(GoldenFiles.Number(value)), $"row {row}: {key}");
        }
    }

    private static void Error(JsonNode c)
    {
        var pythonType = (string)c["error_type"]!;
        var message = (string)c["error_message"]!;
        Assert.That(pythonType, Is.AnyOf("ValueError", "TypeError"), "a Python error type this test maps");
        using var fixture = new GoldenOptimizer();
        // ValueError and TypeError (bad argument values / unexpected keywords) are both argument errors here;
        // ArgumentOutOfRangeException and UnknownSchedulerException derive from ArgumentException.
        var e = Assert.Catch<ArgumentException>(() => Build(c, fixture.Sgd))!;
        foreach (var fragment in Substance(pythonType, message, (string)c["scheduler_type"]!))
            Assert.That(e.Message, Does.Contain(fragment), $"{pythonType}: {message}");
    }

    // What a message must say: a TypeError names the unexpected keyword and the scheduler (in the binder's one
    // wording for every unknown key); the unknown-type ValueError names the requested type and every valid one (its
    // wording comes from Python's enum machinery); others are reproduced.
    private static IEnumerable<string> Substance(string pythonType, string message, string schedulerType)
    {
        const string unexpected = "got an unexpected keyword argument";
        if (pythonType == "TypeError" && message.Contains(unexpected, StringComparison.Ordinal))
            return [$"{message[(message.IndexOf(unexpected, StringComparison.Ordinal) + unexpected.Length)..].Trim()} is not an argument of {schedulerType}"];
        if (message.Contains("is not a valid SchedulerType", StringComparison.Ordinal))
        {
            var listed = message[message.IndexOf('[', StringComparison.Ordinal)..].Trim('[', ']').Split(", ").Select(n => n.Trim('\''));
            return listed.Prepend($"'{schedulerType}'");
        }

        return [message];
    }

    private static void Resume(JsonNode c)
    {
        var steps = (int)c["steps"]!;
        var k = (int)c["resume_after"]!;
        var expectedState = c["state_dict_at_k"]!;
        using var first = new GoldenOptimizer();
        var uninterrupted = Build(c, first.Sgd);
        var lrs = new List<double[]> { uninterrupted.GetLastLr().ToArray() };
        IDictionary<object, object?>? stateAtK = null;
        for (var s = 1; s <= steps; s++)
        {
            first.Sgd.Step();
            uninterrupted.Step();
            lrs.Add(uninterrupted.GetLastLr().ToArray());
            if (s == k) stateAtK = uninterrupted.StateDict();
        }

        AssertRows(lrs, c["lrs_uninterrupted"], "uninterrupted");
        Assert.That(stateAtK!["last_epoch"], Is.EqualTo((long)expectedState["last_epoch"]!));
        Assert.That(stateAtK["_step_count"], Is.EqualTo((long)expectedState["_step_count"]!));
        Assert.That(stateAtK["base_lrs"], Is.EqualTo(GoldenFiles.Flatten(expectedState["base_lrs"])));
        Assert.That(stateAtK["_last_lr"], Is.EqualTo(GoldenFiles.Flatten(expectedState["_last_lr"])));

        // Trainer-style resume from Python's scheduler.pt content: a fresh scheduler from the current settings,
        // then the checkpoint's state; and the same from our own state written with torch.save.
        var pythonState = new Dictionary<string, object?>
        {
            ["last_epoch"] = (long)expectedState["last_epoch"]!,
            ["base_lrs"] = GoldenFiles.Flatten(expectedState["base_lrs"]).Cast<object?>().ToList(),
            ["_last_lr"] = GoldenFiles.Flatten(expectedState["_last_lr"]).Cast<object?>().ToList(),
            ["_step_count"] = (long)expectedState["_step_count"]!,
        };
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"scheduler-{(string)c["id"]!}.pt");
        TorchFile.Save(stateAtK, path);
        foreach (var (source, load) in new (string, Action<Scheduler>)[] { ("python state", s => s.LoadStateDict(pythonState)), ("scheduler.pt", s => s.LoadStateDict(path)) })
        {
            using var second = new GoldenOptimizer();
            var resumed = Build(c, second.Sgd);
            load(resumed);
            var resumedLrs = new List<double[]> { resumed.GetLastLr().ToArray() };
            for (var s = k + 1; s <= steps; s++)
            {
                second.Sgd.Step();
                resumed.Step();
                resumedLrs.Add(resumed.GetLastLr().ToArray());
            }

            AssertRows(resumedLrs, c["lrs_resumed"], $"resumed from {source}");
        }

        System.IO.File.Delete(path);
    }

    // The reference file lacked this type: we must still support it, so build it and run it.
    private static void Skipped(JsonNode c)
    {
        var type = (string)c["scheduler_type"]!;
        Assert.That(BuiltInSchedulers.Names, Does.Contain(type), $"{type} was skipped by the reference ({c["reason"]}) but must be supported here");
        using var fixture = new GoldenOptimizer();
        var spec = BuiltInSpecs.For(type);
        var scheduler = spec.Build(fixture.Sgd);
        for (var t = 0; t < 5; t++) spec.Advance(scheduler, fixture.Sgd, t);
        Assert.That(scheduler.GetLastLr().All(double.IsFinite), Is.True);
    }

    private static void AssertRows(IReadOnlyList<double[]> actual, JsonNode? expected, string what)
    {
        var rows = expected!.AsArray();
        Assert.That(actual, Has.Count.EqualTo(rows.Count), $"{what}: rows");
        for (var i = 0; i < rows.Count; i++) Closeness.AssertClose(actual[i], GoldenFiles.Flatten(rows[i]), 0, 0, $"{what} at step {i}");
    }
}
