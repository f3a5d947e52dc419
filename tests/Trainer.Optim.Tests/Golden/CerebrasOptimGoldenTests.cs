using System.Text.Json.Nodes;

namespace Training.Optim.Tests.Golden;

/// <summary>Every case of cerebras_optim.json: cstorch Lamb, Lion, AdamW, Adam and NAdam over three parameters, 6 steps.</summary>
public class CerebrasOptimGoldenTests
{
    private const string FileName = "cerebras_optim.json";
    private static readonly Lazy<JsonNode> File = new(() => GoldenFiles.Load(FileName));

    public static IEnumerable<TestCaseData> Cases() =>
        File.Value["cases"]!.AsArray().Select(c => new TestCaseData((string)c!["name"]!).SetName($"cerebras_optim.{(string)c["name"]!}"));

    // The effective group options carry every key after Cerebras' own mapping (Adam: weight_decay → L2 rate),
    // so Adam and AdamW both run on the AdamBase algorithm.
    public static IEnumerable<TestCaseData> FusedCases() =>
        File.Value["cases"]!.AsArray().Where(c => (string)c!["optimizer"]! is "Lion" or "Lamb")
            .Select(c => new TestCaseData((string)c!["name"]!).SetName($"cerebras_optim.{(string)c["name"]!}.fused"));

    private static Optimizer Create(string className, IReadOnlyList<ParamGroup> groups, bool fused) => className switch
    {
        "Lamb" => new Lamb(groups, new LambOptions { Fused = fused }),
        "Lion" => new Lion(groups, new LionOptions { Fused = fused }),
        "AdamW" or "Adam" => new CerebrasAdamW(groups),
        "NAdam" => new NAdam(groups),
        _ => throw new NotSupportedException($"{FileName}: no optimizer implements cstorch class '{className}'"),
    };

    [TestCaseSource(nameof(Cases))]
    public void MatchesCerebras(string name) => Run(name, fused: false);

    // Lion's and Lamb's fused kernels (the cstorch classes here that have one) against the same trajectory.
    [TestCaseSource(nameof(FusedCases))]
    public void FusedMatchesCerebras(string name) => Run(name, fused: true);

    private static void Run(string name, bool fused)
    {
        var root = File.Value;
        var testCase = root["cases"]!.AsArray().Single(c => (string)c!["name"]! == name)!;
        var names = root["param_names"]!.AsArray().Select(n => (string)n!).ToList();
        using var scope = torch.NewDisposeScope();
        var parameters = names.ToDictionary(n => n, n => GoldenTensors.Parameter(root["init"]![n]));
        try
        {
            var group0 = GoldenTensors.Options(testCase["effective_group0"]!.AsObject());
            var membership = testCase["group_membership"]?.AsObject();
            var groupCount = membership is null ? 1 : membership.Max(m => (int)m.Value!) + 1;
            var groups = Enumerable.Range(0, groupCount).Select(g =>
            {
                var options = new Dictionary<string, object?>(group0);
                if (g == 1)
                    foreach (var (k, v) in GoldenTensors.Options(testCase["group1_overrides"]!.AsObject())) options[k] = v;
                var members = names.Where(n => (membership is null ? 0 : (int)membership[n]!) == g).Select(n => parameters[n]);
                return new ParamGroup(members, options);
            }).ToList();
            using var optimizer = Create((string)testCase["optimizer"]!, groups, fused);

            var grads = root["grads"]!.AsArray();
            var expected = testCase["params"]!.AsArray();
            for (var step = 0; step < grads.Count; step++)
            {
                foreach (var n in names) GoldenTensors.SetGradient(parameters[n], grads[step]![n]);
                optimizer.Step();
                foreach (var n in names)
                    Closeness.AssertClose(GoldenTensors.Values(parameters[n]), GoldenFiles.Flatten(expected[step]![n]), 1e-5, 1e-6, $"{name} step {step + 1} {n}");
            }
        }
        finally
        {
            foreach (var p in parameters.Values) p.Dispose();
        }
    }
}
