using TorchSharp.Modules;
using Training.TorchExtensions;

namespace Training.Models.Tests;

public class TinyGptShapeTests
{
    [TestCase(8)]
    [TestCase(5)]
    public void LogitsAreBatchByTimeByVocabulary(int length)
    {
        using var scope = NewDisposeScope();
        using var model = new TinyGpt(Models.Small(), new Generator(1));
        var logits = model.call(Models.Tokens(3, length, 11, seed: 2));
        Assert.That(logits.shape, Is.EqualTo(new long[] { 3, length, 11 }));
    }

    [Test]
    public void TheModelConvertsToAnotherDtypeAndKeepsItsTie()
    {
        // Module.to() walks the fields by component name; two fields named "dropout" once made it throw.
        using var scope = NewDisposeScope();
        using var model = new TinyGpt(Models.Small() with { Dropout = 0.1 }, new Generator(1));
        model.to(ScalarType.Float64);
        Assert.That(model.parameters().Select(p => p.dtype), Is.All.EqualTo(ScalarType.Float64));
        model.eval();
        var logits = model.call(Models.Tokens(2, 5, 11, seed: 2));
        Assert.That(logits.dtype, Is.EqualTo(ScalarType.Float64));
    }

    [Test]
    public void SequencesLongerThanTheBlockAreRejected()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyGpt(Models.Small(), new Generator(1));
        Assert.That(() => model.call(Models.Tokens(1, 9, 11, seed: 2)), Throws.ArgumentException.With.Message.Contains("block size"));
    }

    [Test]
    public void ParametersCarryNanoGptNamesAndTheMaskIsNotSaved()
    {
        using var model = new TinyGpt(Models.Small(), new Generator(1));
        var keys = model.state_dict().Keys.ToList();
        Assert.That(keys, Does.Contain("wte.weight").And.Contain("wpe.weight").And.Contain("h.1.attn.c_attn.weight")
            .And.Contain("h.0.mlp.c_proj.bias").And.Contain("ln_f.weight").And.Contain("lm_head.weight"));
        Assert.That(keys, Has.None.Contains("mask"));
        // No mask buffer at all: scaled_dot_product_attention applies the causal mask itself.
        Assert.That(new[] { "h.0.attn.mask", "h.1.attn.mask" }.Select(model.has_buffer), Is.EqualTo(new[] { false, false }));
        // 2 embeddings + per layer (12·C² + 13·C) + final norm + head, with C = 16, V = 11, T = 8.
        Assert.That(model.ParameterCount(), Is.EqualTo((11 + 8) * 16 + 2 * (12 * 16 * 16 + 13 * 16) + 2 * 16 + 11 * 16));
    }

    [Test]
    public void AModelBuiltInsideADisposeScopeKeepsItsParametersWhenTheScopeCloses()
    {
        TinyGpt model;
        using (NewDisposeScope()) model = new TinyGpt(Models.Small(), new Generator(1));
        using (model)
        using (NewDisposeScope())
        {
            // TorchSharp's native Embedding wraps its weight in the scope current at construction.
            Assert.That(model.named_parameters().Select(p => p.name), Does.Contain("wte.weight").And.Contain("wpe.weight"));
            Assert.That(model.call(Models.Tokens(1, 8, 11, seed: 2)).shape, Is.EqualTo(new long[] { 1, 8, 11 }));
        }
    }

    [Test]
    public void WithoutBiasesOnlyWeightsRemain()
    {
        using var model = new TinyGpt(Models.Small(bias: false), new Generator(1));
        Assert.That(model.state_dict().Keys, Has.None.EndsWith(".bias"));
    }

    [Test]
    public void TiedWeightsShareTheEmbeddingMatrix()
    {
        using var tied = new TinyGpt(Models.Small() with { TieWeights = true }, new Generator(1));
        using var untied = new TinyGpt(Models.Small(), new Generator(1));
        using var tiedEmbedding = tied.TokenEmbedding.weight!;
        using var untiedEmbedding = untied.TokenEmbedding.weight!;
        Assert.That(TensorMemory.StorageAddress(tied.Head.weight), Is.EqualTo(TensorMemory.StorageAddress(tiedEmbedding)));
        Assert.That(TensorMemory.StorageAddress(untied.Head.weight), Is.Not.EqualTo(TensorMemory.StorageAddress(untiedEmbedding)));
        Assert.That(untied.ParameterCount() - tied.ParameterCount(), Is.EqualTo(11 * 16));
    }

    [Test]
    public void InvalidConfigurationsAreRejected()
    {
        Assert.That(() => new TinyGpt(Models.Small() with { Heads = 3 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Heads"));
        Assert.That(() => new TinyGpt(Models.Small() with { Dropout = 1.0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new TinyGpt(Models.Small() with { VocabSize = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void InitialisationFollowsGpt2()
    {
        var config = new TinyGptConfig { VocabSize = 65, Layers = 4 };
        using var model = new TinyGpt(config, new Generator(3));
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        double Std(string name) => parameters[name].std().ReadSingle();
        Assert.Multiple(() =>
        {
            Assert.That(Std("h.0.attn.c_attn.weight"), Is.EqualTo(0.02).Within(2).Percent);
            Assert.That(Std("h.3.mlp.c_fc.weight"), Is.EqualTo(0.02).Within(2).Percent);
            Assert.That(Std("h.2.attn.c_proj.weight"), Is.EqualTo(0.02 / Math.Sqrt(8)).Within(3).Percent);
            Assert.That(Std("h.1.mlp.c_proj.weight"), Is.EqualTo(0.02 / Math.Sqrt(8)).Within(3).Percent);
            Assert.That(parameters["h.0.attn.c_attn.bias"].abs().sum().ReadSingle(), Is.Zero);
            Assert.That(parameters["ln_f.weight"].eq(Scalars.Keep(1)).all().ReadBoolean(), Is.True);
        });
    }

    [Test]
    public void EqualSeedsGiveEqualModels()
    {
        using var a = new TinyGpt(Models.Small(), new Generator(9));
        using var b = new TinyGpt(Models.Small(), new Generator(9));
        foreach (var ((name, p), (_, q)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.That(p.ValuesEqual(q), Is.True, name);
    }
}
