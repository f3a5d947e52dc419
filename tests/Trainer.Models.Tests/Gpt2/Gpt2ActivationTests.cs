using System.Globalization;
using System.Text.Json;

namespace Training.Models.Tests;

/// <summary>Every activation_function equals Transformers' formula for it (computed by PyTorch in <see cref="Gpt2Reference"/>).</summary>
[NonParallelizable]
public class Gpt2ActivationTests
{
    private const string Script = """
        import json, sys
        ns = {}
        exec(sys.argv[1], ns)
        torch = ns["torch"]
        x = torch.tensor(json.loads(sys.argv[2]), dtype=torch.float32)
        print(json.dumps({name: f(x).tolist() for name, f in ns["ACT"].items()}))
        """;

    [Test]
    public void EveryActivationEqualsTransformersFormula()
    {
        // The reference's activation table, without its model code (which reads argv).
        var table = Gpt2Reference.Script[..Gpt2Reference.Script.IndexOf("def forward", StringComparison.Ordinal)];
        using var scope = NewDisposeScope();
        var x = linspace(-12, 12, 2401, dtype: ScalarType.Float32);
        // The very inputs, as exact float32 text (libtorch versions' linspace differ in the last bit).
        var inputs = JsonSerializer.Serialize(x.data<float>().ToArray());
        var expected = JsonDocument.Parse(PythonTorch.Run(Script, table, inputs)).RootElement;
        Assert.That(expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), Is.EqualTo(Gpt2Activation.Names.Order(StringComparer.Ordinal)));
        Assert.Multiple(() =>
        {
            foreach (var name in Gpt2Activation.Names)
            {
                using var activation = new Gpt2Activation(name);
                var actual = Gpt2Fixtures.Values(activation.call(x));
                var reference = expected.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToList();
                // Float32 rounding of values up to 12 (the fused tanh GELU against the written-out formula).
                Closeness.AssertClose(actual, reference, rtol: 1e-6, atol: 1e-6, what: name);
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: max |C# - PyTorch| = {actual.Zip(reference).Max(p => Math.Abs(p.First - p.Second)):E2}"));
            }
        });
    }

    [Test]
    public void AnUnknownNameIsRefusedWithTheList() =>
        Assert.That(() => new Gpt2Activation("prelu"), Throws.ArgumentException.With.Message.Contains("prelu").And.Message.Contains("gelu_new"));
}
