using System.Text.Json.Nodes;

namespace Training.Optim.Tests.Golden;

/// <summary>Every case of torch_optim.json: PyTorch 1.13's optimizers on two parameters in two groups, 8 steps.</summary>
public class TorchOptimGoldenTests
{
    private const string FileName = "torch_optim.json";
    private static readonly Lazy<JsonNode> File = new(() => GoldenFiles.Load(FileName));

    public static IEnumerable<TestCaseData> Cases() =>
        File.Value["cases"]!.AsArray().Select(c => new TestCaseData((string)c!["name"]!).SetName($"torch_optim.{(string)c["name"]!}"));

    // The classes with a fused CPU kernel: their cases run a second time with the fused flag set.
    private static readonly HashSet<string> FusedClasses = ["SGD", "Adam", "AdamW", "Adagrad", "RMSprop"];

    public static IEnumerable<TestCaseData> FusedCases() =>
        File.Value["cases"]!.AsArray().Where(c => FusedClasses.Contains((string)c!["optimizer"]!))
            .Select(c => new TestCaseData((string)c!["name"]!).SetName($"torch_optim.{(string)c["name"]!}.fused"));

    internal static Optimizer Create(string className, IReadOnlyList<ParamGroup> groups) => Create(className, groups, fused: false);

    private static Optimizer Create(string className, IReadOnlyList<ParamGroup> groups, bool fused) => className switch
    {
        "SGD" => new Sgd(groups, new SgdOptions { Fused = fused }),
        "Adam" => new Adam(groups, new AdamOptions { Fused = fused }),
        "AdamW" => new AdamW(groups, new AdamWOptions { Fused = fused }),
        "Adagrad" => new Adagrad(groups, new AdagradOptions { Fused = fused }),
        "Adadelta" => new Adadelta(groups),
        "Adamax" => new Adamax(groups),
        "ASGD" => new Asgd(groups),
        "NAdam" => new NAdam(groups),
        "RAdam" => new RAdam(groups),
        "RMSprop" => new RmsProp(groups, new RmsPropOptions { Fused = fused }),
        "Rprop" => new Rprop(groups),
        _ => throw new NotSupportedException($"{FileName}: no optimizer implements torch class '{className}'"),
    };

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorch(string name) => Run(name, fused: false);

    [TestCaseSource(nameof(FusedCases))]
    public void FusedMatchesPyTorch(string name) => Run(name, fused: true);

    private static void Run(string name, bool fused)
    {
        var root = File.Value;
        var testCase = root["cases"]!.AsArray().Single(c => (string)c!["name"]! == name)!;
        using var scope = torch.NewDisposeScope();
        using var w = GoldenTensors.Parameter(root["init"]!["w"]);
        using var b = GoldenTensors.Parameter(root["init"]!["b"]);
        using var optimizer = Create((string)testCase["optimizer"]!,
        [
            new ParamGroup([w], GoldenTensors.Options(testCase["group0"]!.AsObject())),
            new ParamGroup([b], GoldenTensors.Options(testCase["group1"]!.AsObject())),
        ], fused);

        var grads = root["grads"]!.AsArray();
        var expected = testCase["params"]!.AsArray();
        for (var step = 0; step < grads.Count; step++)
        {
            GoldenTensors.SetGradient(w, grads[step]!["w"]);
            GoldenTensors.SetGradient(b, grads[step]!["b"]);
            optimizer.Step();
            Closeness.AssertClose(GoldenTensors.Values(w), GoldenFiles.Flatten(expected[step]!["w"]), 1e-5, 1e-6, $"{name} step {step + 1} w");
            Closeness.AssertClose(GoldenTensors.Values(b), GoldenFiles.Flatten(expected[step]!["b"]), 1e-5, 1e-6, $"{name} step {step + 1} b");
        }

        foreach (var (parameter, label) in new[] { (w, "w"), (b, "b") })
        {
            var state = optimizer.GetState(parameter);
            foreach (var (entry, value) in testCase["state_final"]![label]!.AsObject())
            {
                var what = $"{name} final state {label}.{entry}";
                if (value is null)
                {
                    Assert.That(state?.TryTensor(entry), Is.Null, what);
                    continue;
                }

                Assert.That(state, Is.Not.Null, what);
                if (value is JsonArray) Closeness.AssertClose(GoldenTensors.Values(state!.Tensor(entry)), GoldenFiles.Flatten(value), 1e-5, 1e-6, what);
                else Assert.That(state!.Scalar(entry), Is.EqualTo(GoldenFiles.Number(value)).Within(1e-4).Percent, what);
            }
        }
    }
}
