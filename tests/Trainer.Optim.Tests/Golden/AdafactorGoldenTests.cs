using System.Text.Json.Nodes;

namespace Training.Optim.Tests.Golden;

/// <summary>Every case of hf_adafactor.json: Transformers' Adafactor (and AdafactorSchedule) over four tensors in two groups.</summary>
public class AdafactorGoldenTests
{
    private const string FileName = "hf_adafactor.json";
    private static readonly Lazy<JsonNode> File = new(() => GoldenFiles.Load(FileName));

    public static IEnumerable<TestCaseData> Cases() =>
        File.Value["cases"]!.AsArray().Select(c => new TestCaseData((string)c!["id"]!).SetName($"hf_adafactor.{(string)c["id"]!}"));

    public static IEnumerable<TestCaseData> ErrorCases() =>
        File.Value["errors"]!.AsArray().Select(c => new TestCaseData((string)c!["id"]!).SetName($"hf_adafactor.error.{(string)c["id"]!}"));

    [TestCaseSource(nameof(Cases))]
    public void MatchesTransformers(string id)
    {
        var root = File.Value;
        var testCase = root["cases"]!.AsArray().Single(c => (string)c!["id"]! == id)!;
        var dtype = (string)testCase["dtype"]! == "float64" ? ScalarType.Float64 : ScalarType.Float32;
        var (rtol, atol) = dtype == ScalarType.Float64 ? (1e-10, 1e-14) : (2e-5, 1e-7);
        var options = GoldenTensors.Options(testCase["options"]!.AsObject());
        using var scope = torch.NewDisposeScope();
        var parameters = root["params_init"]!.AsObject().ToDictionary(p => p.Key, p => GoldenTensors.Parameter(p.Value, dtype));
        try
        {
            var groups = root["param_groups"]!.AsArray()
                .Select(g => new ParamGroup(g!.AsArray().Select(n => parameters[(string)n!]), options)).ToList();
            using var optimizer = new Adafactor(groups);
            var schedule = (bool)testCase["use_adafactor_schedule"]! ? new AdafactorSchedule(optimizer, 0.0) : null;
            AssertGroupRates(testCase, optimizer, schedule, 0, rtol);

            var grads = root["grads"]!.AsArray();
            for (var step = 0; step < grads.Count; step++)
            {
                foreach (var (n, p) in parameters) GoldenTensors.SetGradient(p, grads[step]![n]);
                optimizer.Step();
                schedule?.Step();
                foreach (var (n, p) in parameters)
                {
                    var what = $"{id} step {step + 1} {n}";
                    Closeness.AssertClose(GoldenTensors.Values(p), GoldenFiles.Flatten(testCase["params"]![step]![n]), rtol, atol, what);
                    var group = optimizer.ParamGroups.Single(g => g.Parameters.Contains(p));
                    var state = optimizer.GetState(p)!;
                    Assert.That(Adafactor.AppliedLearningRate(group, state),
                        Is.EqualTo(GoldenFiles.Number(testCase["lr_used"]![step]![n])).Within(rtol * 10).Percent, $"{what} lr used");
                    AssertState(testCase["state"]![step]![n]!.AsObject(), state, rtol, atol, what, lastStep: step == grads.Count - 1);
                }

                AssertGroupRates(testCase, optimizer, schedule, step + 1, rtol);
            }
        }
        finally
        {
            foreach (var p in parameters.Values) p.Dispose();
        }
    }

    // The harness that wrote hf_adafactor.json stored references to the live state tensors, so every step's
    // tensor entries hold the final (step S) values, while step and RMS were copied per step. Tensor state is
    // therefore compared after the last step only; scalars after every step.
    private static void AssertState(JsonObject expected, ParameterState state, double rtol, double atol, string what, bool lastStep)
    {
        foreach (var (entry, value) in expected)
        {
            if (value is JsonArray && !lastStep) continue;
            if (value is JsonArray) Closeness.AssertClose(GoldenTensors.Values(state.Tensor(entry)), GoldenFiles.Flatten(value), rtol, atol, $"{what} {entry}");
            else Assert.That(state.Scalar(entry), Is.EqualTo(GoldenFiles.Number(value)).Within(rtol * 100).Percent, $"{what} {entry}");
        }
    }

    private static void AssertGroupRates(JsonNode testCase, Adafactor optimizer, AdafactorSchedule? schedule, int row, double rtol)
    {
        var expectedGroupLr = GoldenFiles.Flatten(testCase["group_lr"]![row]);
        var actualGroupLr = optimizer.ParamGroups.Select(g => g.GetValue("lr") is double d ? d : double.NaN).ToArray();
        Closeness.AssertClose(actualGroupLr, expectedGroupLr, rtol * 10, 0, $"group lr at row {row}");
        if (testCase["schedule_last_lr"] is JsonArray rows)
            Closeness.AssertClose(schedule!.GetLastLr(), GoldenFiles.Flatten(rows[row]), rtol * 10, 0, $"schedule lr at row {row}");
    }

    [TestCaseSource(nameof(ErrorCases))]
    public void RejectsInvalidOptions(string id)
    {
        var error = File.Value["errors"]!.AsArray().Single(c => (string)c!["id"]! == id)!;
        using var scope = torch.NewDisposeScope();
        using var p = torch.zeros(3).requires_grad_();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            _ = new Adafactor([new ParamGroup([p], GoldenTensors.Options(error["options"]!.AsObject()))]));
        Assert.That((string)error["error_type"]!, Is.EqualTo("ValueError"));
        Assert.That(e!.Message, Does.Contain((string)error["error_message"]!));
    }
}
