using System.Text.Json.Nodes;

namespace Training.Schedulers.Tests.Torch;

/// <summary>
/// Every case of torch_schedulers.json (PyTorch 1.13 on SGD with two groups), built through
/// <see cref="TorchSchedulerCatalog"/> from the case's class name and arguments. A class the catalogue lacks
/// fails (it is never skipped).
/// </summary>
public class TorchSchedulersGoldenTests
{
    private const double RelativeTolerance = 1e-12;
    private const double AbsoluteTolerance = 1e-16;

    public static IEnumerable<TestCaseData> Cases() =>
        GoldenFiles.Load("torch_schedulers.json")["cases"]!.AsArray()
            .Select(c => new TestCaseData(c!).SetName($"torch_schedulers.{c!["name"]!.GetValue<string>()}"));

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorch(JsonNode golden)
    {
        var file = GoldenFiles.Load("torch_schedulers.json");
        var name = golden["scheduler"]!.GetValue<string>();
        var baseLrs = GoldenFiles.Flatten(file["base_lrs"]);
        var steps = (int)file["steps"]!.GetValue<long>();
        var kwargs = TwoGroups.Kwargs(golden["kwargs"]);
        foreach (var (key, value) in FunctionArguments(name)) kwargs.TryAdd(key, value);
        var metrics = golden["metrics"] is { } m ? GoldenFiles.Flatten(m) : null;

        using var groups = new TwoGroups(lr0: baseLrs[0], lr1: baseLrs[1]);
        var scheduler = groups.Build(name, kwargs);
        var lrs = new List<double>(groups.Lrs);
        var momenta = new List<double>(groups.Values("momentum"));
        for (var step = 0; step < steps; step++)
        {
            if (scheduler is MetricScheduler plateau) plateau.Step(metrics![step]);
            else scheduler.Step();
            lrs.AddRange(groups.Lrs);
            momenta.AddRange(groups.Values("momentum"));
            Assert.That(scheduler.GetLastLr(), Is.EqualTo(groups.Lrs), "GetLastLr reports what was written");
        }

        Assert.That(scheduler.Name, Is.EqualTo(name));
        Closeness.AssertClose(lrs, GoldenFiles.Flatten(golden["lrs"]), RelativeTolerance, AbsoluteTolerance, $"{golden["name"]} lrs");
        if (golden["momentum"] is { } momentum)
            Closeness.AssertClose(momenta, GoldenFiles.Flatten(momentum), RelativeTolerance, AbsoluteTolerance, $"{golden["name"]} momentum");
    }

    /// <summary>
    /// The arguments golden/README.md describes in words because they are functions or child schedulers
    /// (the file records them as empty kwargs).
    /// </summary>
    internal static IReadOnlyDictionary<string, object?> FunctionArguments(string scheduler) => scheduler switch
    {
        "LambdaLR" => new Dictionary<string, object?> { ["lr_lambda"] = (Func<long, double>)(t => 1 / (1 + 0.1 * t)) },
        "MultiplicativeLR" => new Dictionary<string, object?> { ["lr_lambda"] = (Func<long, double>)(_ => 0.95) },
        "SequentialLR" => new Dictionary<string, object?>
        {
            ["schedulers"] = new List<object?>
            {
                Spec("LinearLR", ("start_factor", 0.1), ("total_iters", 4L)),
                Spec("CosineAnnealingLR", ("T_max", 20L), ("eta_min", 1e-3)),
            },
            ["milestones"] = new List<object?> { 4L },
        },
        "ChainedScheduler" => new Dictionary<string, object?>
        {
            ["schedulers"] = new List<object?> { Spec("ConstantLR", ("factor", 0.5), ("total_iters", 3L)), Spec("ExponentialLR", ("gamma", 0.9)) },
        },
        _ => new Dictionary<string, object?>(),
    };

    /// <summary>A child scheduler spec: <c>{name: {arguments}}</c>.</summary>
    internal static Dictionary<string, object?> Spec(string name, params (string Key, object? Value)[] arguments) =>
        new() { [name] = arguments.ToDictionary(a => a.Key, a => a.Value) };
}
