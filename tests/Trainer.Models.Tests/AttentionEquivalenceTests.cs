using Training.TorchExtensions;
namespace Training.Models.Tests;

/// <summary>
/// Both attention layers run libtorch's fused <c>scaled_dot_product_attention</c>; each must equal the explicit
/// softmax(QKᵀ·scale + mask)·V computed here op by op from the layer's own weights, in its output and in the gradients
/// of its input and of every weight.
/// </summary>
public class AttentionEquivalenceTests
{
    private const double Tolerance = 2e-5;

    [TestCase(8)]
    [TestCase(5)]
    public void TinyGptAttentionEqualsTheExplicitCausalSoftmax(int length)
    {
        using var scope = NewDisposeScope();
        var config = Models.Small();
        using var attention = new CausalSelfAttention(config);
        attention.eval();
        RandomiseWeights(attention, seed: 21);
        var input = RandomInput(3, length, config.EmbeddingDim, seed: 22);

        Tensor Explicit(Tensor x)
        {
            var qkv = Linear(x, attention, "c_attn").view(3, length, 3, config.Heads, config.HeadDim).permute(2, 0, 3, 1, 4);
            var mixed = ExplicitAttention(qkv[0], qkv[1], qkv[2], 1.0 / Math.Sqrt(config.HeadDim), Causal(length));
            return Linear(mixed.transpose(1, 2).reshape(3, length, config.EmbeddingDim), attention, "c_proj");
        }

        AssertSameOutputAndGradients(attention, input, x => attention.call(x), Explicit);
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void Gpt2AttentionEqualsTheExplicitSoftmaxWithAndWithoutPadding(bool padded, bool inverseLayerScale)
    {
        using var scope = NewDisposeScope();
        const int length = 7, layer = 1;
        var config = Gpt2Fixtures.Small() with { ScaleAttentionByInverseLayerIndex = inverseLayerScale };
        using var attention = new Gpt2Attention(config, layer);
        attention.eval();
        RandomiseWeights(attention, seed: 23);
        var input = RandomInput(3, length, config.EmbeddingDim, seed: 24);
        // Right padding, left padding (whose first query sees only padded keys besides itself) and an unpadded row.
        var attentionMask = cat([Gpt2Fixtures.RightPadded(length, 4), Gpt2Fixtures.LeftPadded(length, 3), Gpt2Fixtures.RightPadded(length, 7)]);
        var mask = padded ? Gpt2AttentionMask.Build(attentionMask, 3, length, ScalarType.Float32) : null;
        if (padded) Assert.That(mask, Is.Not.Null, "a padded batch builds an additive mask");
        var scale = 1.0 / Math.Sqrt(config.HeadDim) / (inverseLayerScale ? layer + 1 : 1);

        Tensor Explicit(Tensor x)
        {
            var qkv = Conv(x, attention, "c_attn").view(3, length, 3, config.Heads, config.HeadDim).permute(2, 0, 3, 1, 4);
            var additive = mask ?? zeros([length, length]).masked_fill_(Causal(length), Scalars.Keep(double.NegativeInfinity));
            var mixed = ExplicitAttention(qkv[0], qkv[1], qkv[2], scale, additive);
            return Conv(mixed.transpose(1, 2).reshape(3, length, config.EmbeddingDim), attention, "c_proj");
        }

        // A padded query's output feeds no loss (its label is -100); the queries that see nothing but padding (the first
        // ones of a left-padded row) weigh those keys uniformly on both paths, but their rounding-flat scores leave the
        // gradient path-dependent (see Gpt2AttentionMask), so the upstream gradient covers the real queries only.
        var realQueries = padded ? attentionMask.to(ScalarType.Float32).unsqueeze(-1) : null;
        AssertSameOutputAndGradients(attention, input, x => attention.call(x, mask), Explicit, realQueries);
    }

    [Test]
    public void AttentionDropoutStillActsInsideTheFusedKernelInTraining()
    {
        using var scope = NewDisposeScope();
        var config = Gpt2Fixtures.Small() with { AttentionDropout = 0.5 };
        using var attention = new Gpt2Attention(config, 0);
        using var tiny = new CausalSelfAttention(Models.Small() with { Dropout = 0.5 });
        RandomiseWeights(attention, seed: 25);
        RandomiseWeights(tiny, seed: 26);
        var input = RandomInput(2, 6, config.EmbeddingDim, seed: 27);
        var tinyInput = RandomInput(2, 6, Models.Small().EmbeddingDim, seed: 28);
        attention.train();
        tiny.train();
        Assert.That(attention.call(input, null).allclose(attention.call(input, null)), Is.False, "GPT-2: a new dropout mask per call");
        Assert.That(tiny.call(tinyInput).allclose(tiny.call(tinyInput)), Is.False, "TinyGpt: a new dropout mask per call");
        attention.eval();
        tiny.eval();
        Assert.That(attention.call(input, null).ValuesEqual(attention.call(input, null)), Is.True, "GPT-2 evaluation: deterministic");
        Assert.That(tiny.call(tinyInput).ValuesEqual(tiny.call(tinyInput)), Is.True, "TinyGpt evaluation: deterministic");
    }

    // softmax(q·kᵀ·scale + mask)·v, the definition the fused kernel must reproduce; a boolean mask hides its true entries.
    private static Tensor ExplicitAttention(Tensor query, Tensor key, Tensor value, double scale, Tensor mask)
    {
        var scores = query.matmul(key.transpose(-2, -1)).mul(Scalars.Keep(scale));
        scores = mask.dtype == ScalarType.Bool ? scores.masked_fill(mask, Scalars.Keep(double.NegativeInfinity)) : scores.add(mask);
        return nn.functional.softmax(scores, -1).matmul(value);
    }

    private static Tensor Causal(long length) => ones([length, length], ScalarType.Bool).triu(1);

    private static Tensor Linear(Tensor x, nn.Module module, string name) =>
        x.matmul(Parameter(module, name + ".weight").t()).add(Parameter(module, name + ".bias"));

    private static Tensor Conv(Tensor x, nn.Module module, string name) =>
        x.matmul(Parameter(module, name + ".weight")).add(Parameter(module, name + ".bias"));

    private static Tensor Parameter(nn.Module module, string name) =>
        module.named_parameters().Single(p => p.name == name).parameter;

    // N(0, 0.3²) everywhere, biases included, so every weight shapes the scores (zero biases would hide their gradients).
    private static void RandomiseWeights(nn.Module module, ulong seed)
    {
        using var noGrad = no_grad();
        using var generator = new Generator(seed);
        foreach (var p in module.parameters()) p.normal_(0, 0.3, generator);
    }

    private static Tensor RandomInput(long batch, long length, long width, ulong seed)
    {
        using var generator = new Generator(seed);
        return randn([batch, length, width], generator: generator);
    }

    private static void AssertSameOutputAndGradients(
        nn.Module module, Tensor input, Func<Tensor, Tensor> fused, Func<Tensor, Tensor> explicitPath, Tensor? upstreamMask = null)
    {
        var parameters = module.named_parameters().ToList();
        using var generator = new Generator(99);
        var upstream = randn(input.shape, generator: generator);
        if (upstreamMask is not null) upstream = upstream.mul(upstreamMask);

        (Tensor Output, Tensor[] Gradients) Run(Func<Tensor, Tensor> path)
        {
            foreach (var (_, p) in parameters) p.grad = null;
            var x = input.detach().requires_grad_(true);
            var output = path(x);
            output.mul(upstream).sum().backward();
            return (output.detach(), [x.grad!.clone(), .. parameters.Select(p => p.parameter.grad!.clone())]);
        }

        var (fusedOutput, fusedGradients) = Run(fused);
        var (explicitOutput, explicitGradients) = Run(explicitPath);
        Assert.That(fusedOutput.isfinite().all().item<bool>(), Is.True, "the fused output is finite");
        Assert.That(MaxDifference(fusedOutput, explicitOutput), Is.LessThan(Tolerance), "output");
        string[] names = ["input", .. parameters.Select(p => p.name)];
        for (var i = 0; i < names.Length; i++)
        {
            Assert.That(explicitGradients[i].abs().max().item<float>(), Is.GreaterThan(1e-3), $"{names[i]}'s gradient is not trivially zero");
            Assert.That(MaxDifference(fusedGradients[i], explicitGradients[i]), Is.LessThan(Tolerance), $"gradient of {names[i]}");
        }
    }

    private static double MaxDifference(Tensor a, Tensor b) => a.sub(b).abs().max().item<float>();
}
