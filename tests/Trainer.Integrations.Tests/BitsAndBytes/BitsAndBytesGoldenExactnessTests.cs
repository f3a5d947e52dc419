using System.Text.Json.Nodes;
using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.BitsAndBytes;

/// <summary>
/// Stricter than the golden runner (which tolerates an occasional one-code difference): with the pure-PyTorch
/// quantiser reproduced operation for operation on the same libtorch, every 8-bit code and absmax of every step
/// matches bitsandbytes' CPU path exactly.
/// </summary>
public class BitsAndBytesGoldenExactnessTests
{
    public static IEnumerable<TestCaseData> EightBitCases() =>
        IntegrationGolden.Cases
            .Where(c => new Runners.BitsAndBytesRunner().Accepts(c) && c.Status == "ok"
                        && c.Steps.Any(s => s["state"] is JsonObject state && state.Any(e => e.Value is JsonObject o && (string?)o["dtype"] == "uint8")))
            .SelectMany(c => new[]
            {
                new TestCaseData(c.Name, false).SetName($"bnb_exact_codes_{c.Name}"),
                // The fused blockwise kernel must reproduce the same codes.
                new TestCaseData(c.Name, true).SetName($"bnb_exact_codes_fused_{c.Name}"),
            });

    [TestCaseSource(nameof(EightBitCases))]
    public void EveryCodeAndAbsmaxIsExact(string name, bool fused)
    {
        var testCase = IntegrationGolden.Case(name);
        var bits = (int)(double)testCase.CtorKwargs["optim_bits"]!;
        var minSize = testCase.CtorKwargs.TryGetValue("min_8bit_size", out var m) && m is double d ? (long)d : BitsAndBytesState.DefaultMin8BitSize;
        string[] wide = ["optim_bits", "min_8bit_size", "is_paged"];
        using var scope = torch.NewDisposeScope();
        using var parameters = new CaseParameters(testCase);
        using Optimizer optimizer = testCase.Class == "AdamW"
            ? new BitsAndBytesAdamW(parameters.Groups(wide), new BitsAndBytesAdamWOptions { OptimBits = bits, Min8BitSize = minSize, Fused = fused })
            : new BitsAndBytesLion(parameters.Groups(wide), new BitsAndBytesLionOptions { OptimBits = bits, Min8BitSize = minSize, Fused = fused });
        foreach (var record in testCase.Steps)
        {
            var step = (int)record["step"]!;
            parameters.SetGradients(step);
            optimizer.Step();
            foreach (var (key, value) in record["state"]!.AsObject())
            {
                if (!CaseValues.IsTensorRecord(value)) continue;
                var dot = key.LastIndexOf('.');
                var actual = optimizer.GetState(parameters[key[(dot + 1)..]])!.Tensor(key[..dot]);
                var expected = GoldenFiles.Flatten(value!["data"]);
                var got = actual.to(ScalarType.Float64).ToArray<double>();
                if (key.StartsWith("state", StringComparison.Ordinal) || key.StartsWith("absmax", StringComparison.Ordinal))
                    Assert.That(got, Is.EqualTo(expected), $"{name} step {step} {key}");
            }
        }
    }

    [Test]
    public void StepsLeaveNoTensorsBehind()
    {
        var baseline = LiveTensors.SettledCount();
        using (var scope = torch.NewDisposeScope())
        {
            var weight = torch.randn([70, 80]).requires_grad_().DetachFromDisposeScope();
            using (var optimizer = new BitsAndBytesAdamW([weight], new BitsAndBytesAdamWOptions { OptimBits = 8 }))
            using (var lion = new BitsAndBytesLion([weight], new BitsAndBytesLionOptions { OptimBits = 8 }))
            {
                for (var t = 0; t < 3; t++)
                {
                    using (var g = torch.randn([70, 80])) weight.grad = g;
                    optimizer.Step();
                    lion.Step();
                }
            }

            weight.grad = null;
            weight.Dispose();
        }

        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline));
    }
}
