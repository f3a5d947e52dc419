namespace Training.Torch.Tests.Nn;

public class LayerTests
{
    [Test]
    public void Linear_DefaultInit_IsUniformWithinOneOverSqrtFanIn()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var linear = nn.Linear(100, 60);
        var bound = 1 / Math.Sqrt(100);
        var w = linear.weight.ToArray<float>();
        var b = linear.bias!.ToArray<float>();

        Assert.That(linear.weight.shape, Is.EqualTo(new long[] { 60, 100 }));
        Assert.That(w.Max(v => Math.Abs(v)), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.98 * bound));
        Assert.That(b.Max(v => Math.Abs(v)), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.8 * bound));
        // U(-a, a) has mean 0 and variance a²/3; 6000 samples pin both down tightly.
        Assert.That(w.Average(v => (double)v), Is.EqualTo(0).Within(0.004));
        Assert.That(w.Average(v => (double)v * v), Is.EqualTo(bound * bound / 3).Within(0.1 * bound * bound / 3));
        Assert.That(linear.in_features, Is.EqualTo(100));
        Assert.That(linear.out_features, Is.EqualTo(60));
    }

    [Test]
    public void Linear_Forward_ComputesXWtPlusB()
    {
        using var scope = NewDisposeScope();
        using var linear = new Modules.Linear(
            nn.Parameter(tensor(new double[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 })),
            nn.Parameter(tensor(new double[] { 10, 20 })));
        var y = linear.call(tensor(new double[] { 1, 0, -1 }, new long[] { 1, 3 }));
        Assert.That(y.ToArray<double>(), Is.EqualTo(new double[] { 1 - 3 + 10, 4 - 6 + 20 }));

        using var noBias = nn.Linear(3, 2, hasBias: false);
        Assert.That(noBias.bias, Is.Null);
        Assert.That(noBias.named_parameters().Select(p => p.name), Is.EqualTo(new[] { "weight" }));
    }

    [Test]
    public void Embedding_LooksUpRows_AndKeepsThePaddingRowZeroAndUntrained()
    {
        using var scope = NewDisposeScope();
        using var embedding = nn.Embedding(5, 3, padding_idx: -1);
        Assert.That(embedding.padding_idx, Is.EqualTo(4));
        Assert.That(embedding.weight[4].ToArray<float>(), Is.All.EqualTo(0f));

        var indices = tensor(new long[] { 1, 4, 1 });
        var output = embedding.call(indices);
        Assert.That(output[0].ToArray<float>(), Is.EqualTo(embedding.weight[1].ToArray<float>()));
        output.sum().backward();

        var grad = embedding.weight.grad!;
        Assert.That(grad[1].ToArray<float>(), Is.All.EqualTo(2f), "row 1 was used twice");
        Assert.That(grad[4].ToArray<float>(), Is.All.EqualTo(0f), "the padding row gets no gradient");
        Assert.That(grad[0].ToArray<float>(), Is.All.EqualTo(0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.Embedding(5, 3, padding_idx: 5));
    }

    [Test]
    public void LayerNorm_NormalisesTheLastDimension_ThenScalesAndShifts()
    {
        using var scope = NewDisposeScope();
        double[] row = [1, 2, 4, 9];
        using var norm = nn.LayerNorm(4, eps: 1e-5, dtype: ScalarType.Float64);
        using (no_grad())
        {
            norm.weight!.copy_(tensor(new double[] { 1, 2, 1, 1 }));
            norm.bias!.fill_(0.5);
        }

        var output = norm.call(tensor(row, new long[] { 1, 4 })).ToArray<double>();

        var mean = row.Average();
        var variance = row.Average(v => (v - mean) * (v - mean)); // biased, as layer norm uses
        double[] scale = [1, 2, 1, 1];
        var expected = row.Select((v, i) => (v - mean) / Math.Sqrt(variance + 1e-5) * scale[i] + 0.5).ToArray();
        Assert.That(output, Is.EqualTo(expected).Within(1e-12));
        using var plain = nn.LayerNorm(new long[] { 4 }, elementwise_affine: false);
        Assert.That(plain.parameters(), Is.Empty);
    }

    [Test]
    public void Activations_MatchTheirFormulas()
    {
        using var scope = NewDisposeScope();
        double[] xs = [-2.5, -0.3, 0, 0.7, 3.1];
        var x = tensor(xs);

        var tanhGelu = nn.GELU("tanh").call(x).ToArray<double>();
        var relu = nn.ReLU().call(x).ToArray<double>();
        var silu = nn.SiLU().call(x).ToArray<double>();
        var exactGelu = nn.GELU().call(x).ToArray<double>();

        for (var i = 0; i < xs.Length; i++)
        {
            var v = xs[i];
            Assert.That(tanhGelu[i], Is.EqualTo(0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))).Within(1e-12));
            Assert.That(relu[i], Is.EqualTo(Math.Max(v, 0)));
            Assert.That(silu[i], Is.EqualTo(v / (1 + Math.Exp(-v))).Within(1e-12));
            Assert.That(exactGelu[i], Is.EqualTo(tanhGelu[i]).Within(2e-3), "the tanh form approximates the exact GELU");
        }

        Assert.Throws<ArgumentException>(() => nn.GELU("erf"));
    }
}
