using Training.TorchExtensions;
namespace Training.Models.Tests;

/// <summary>Every way a model folder can fail to load gives a typed error naming the folder or file, the tensor and the shapes.</summary>
[NonParallelizable]
public class Gpt2CheckpointErrorTests
{
    private DirectoryInfo folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Gpt2Fixtures.TemporaryFolder();

    [TearDown]
    public void DeleteFolder() => folder.Delete(recursive: true);

    private string Weights => Path.Combine(folder.FullName, "model.safetensors");

    [Test]
    public void AMissingFolderIsNamed()
    {
        var missing = Path.Combine(folder.FullName, "absent");
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(missing))!);
        Assert.That(error.Path, Is.EqualTo(missing));
        Assert.That(error.Message, Does.Contain(missing).And.Contain("does not exist"));
    }

    [Test]
    public void AFolderWithoutConfigSaysWhatItHolds()
    {
        File.WriteAllText(Path.Combine(folder.FullName, "tokenizer.json"), "{}");
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Message, Does.Contain("no config.json").And.Contain("tokenizer.json"));
    }

    [Test]
    public void AFolderWithoutWeightsIsNamed()
    {
        Gpt2Fixtures.Small().Save(Path.Combine(folder.FullName, "config.json"));
        File.WriteAllText(Path.Combine(folder.FullName, "pytorch_model.bin"), "");
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Message, Does.Contain("no model.safetensors").And.Contain("pytorch_model.bin"));
    }

    [Test]
    public void AShapeTheConfigDoesNotGiveNamesTheTensorAndBothShapes()
    {
        using var scope = NewDisposeScope();
        SaveWith(Gpt2Fixtures.Small() with { VocabSize = 100 });
        // The folder's config now says 101 tokens, its weights hold 100.
        Gpt2Fixtures.Small().Save(Path.Combine(folder.FullName, "config.json"));
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.Multiple(() =>
        {
            Assert.That(error.Path, Is.EqualTo(Weights));
            Assert.That(error.Tensor, Is.EqualTo("transformer.wte.weight"));
            Assert.That(error.FileShape, Is.EqualTo(new long[] { 100, 32 }));
            Assert.That(error.ExpectedShape, Is.EqualTo(new long[] { 101, 32 }));
            Assert.That(error.Message, Does.Contain("'transformer.wte.weight'").And.Contain("[100, 32]").And.Contain("[101, 32]").And.Contain("vocab_size = 101"));
        });
    }

    [Test]
    public void ALinearLayoutWeightIsRecognisedAsTransposed()
    {
        using var scope = NewDisposeScope();
        SaveWith(Gpt2Fixtures.Small(), tensors => tensors["transformer.h.0.mlp.c_fc.weight"] = tensors["transformer.h.0.mlp.c_fc.weight"].t().contiguous());
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Message, Does.Contain("'transformer.h.0.mlp.c_fc.weight'").And.Contain("[128, 32]").And.Contain("[32, 128]").And.Contain("transposed"));
    }

    [Test]
    public void AMissingTensorIsNamed()
    {
        using var scope = NewDisposeScope();
        SaveWith(Gpt2Fixtures.Small(), tensors => tensors.Remove("transformer.h.1.mlp.c_fc.bias"));
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Tensor, Is.EqualTo("transformer.h.1.mlp.c_fc.bias"));
        Assert.That(error.Message, Does.Contain("missing tensor 'transformer.h.1.mlp.c_fc.bias'"));
    }

    [Test]
    public void AnUntiedConfigNeedsItsOwnHead()
    {
        using var scope = NewDisposeScope();
        SaveWith(Gpt2Fixtures.Small());
        Gpt2Fixtures.Small(tied: false).Save(Path.Combine(folder.FullName, "config.json"));
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Message, Does.Contain("'lm_head.weight'").And.Contain("tie_word_embeddings false"));
    }

    [Test]
    public void AnUnexpectedTensorIsNamedWithTheClosestParameter()
    {
        using var scope = NewDisposeScope();
        SaveWith(Gpt2Fixtures.Small(), tensors => tensors["transformer.h.0.attn.c_atn.weight"] = zeros(2));
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Tensor, Is.EqualTo("transformer.h.0.attn.c_atn.weight"));
        Assert.That(error.Message, Does.Contain("not a parameter").And.Contain("closest: 'transformer.h.0.attn.c_attn.weight'"));
    }

    [Test]
    public void MoreLayersThanTheConfigAreUnexpected()
    {
        using var scope = NewDisposeScope();
        SaveWith(Gpt2Fixtures.Small() with { Layers = 3 });
        Gpt2Fixtures.Small().Save(Path.Combine(folder.FullName, "config.json"));
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Tensor, Does.StartWith("transformer.h.2."));
        Assert.That(error.Message, Does.Contain("n_layer = 2"));
    }

    [Test]
    public void BothPrefixedAndBareKeysForOneParameterAreRefused()
    {
        using var scope = NewDisposeScope();
        SaveWith(Gpt2Fixtures.Small(), tensors => tensors["wpe.weight"] = tensors["transformer.wpe.weight"].clone());
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Message, Does.Contain("'transformer.wpe.weight'").And.Contain("'wpe.weight'").And.Contain("same parameter"));
    }

    [Test]
    public void ATiedHeadThatDiffersFromTheEmbeddingIsRefused()
    {
        using var scope = NewDisposeScope();
        SaveWith(Gpt2Fixtures.Small(), tensors => tensors["lm_head.weight"] = tensors["transformer.wte.weight"].add(Scalars.Keep(1)));
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Tensor, Is.EqualTo("lm_head.weight"));
        Assert.That(error.Message, Does.Contain("differs from 'transformer.wte.weight'").And.Contain("tie_word_embeddings"));
    }

    [Test]
    public void IntegerWeightsAreRefused()
    {
        using var scope = NewDisposeScope();
        SaveWith(Gpt2Fixtures.Small(), tensors => tensors["transformer.ln_f.bias"] = zeros([32], ScalarType.Int64));
        var error = Show(Assert.Throws<Gpt2CheckpointException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Message, Does.Contain("'transformer.ln_f.bias'").And.Contain("Int64"));
    }

    [Test]
    public void AMalformedWeightsFileIsAnInvalidDataError()
    {
        Gpt2Fixtures.Small().Save(Path.Combine(folder.FullName, "config.json"));
        File.WriteAllBytes(Weights, [1, 2, 3]);
        var error = Show(Assert.Throws<InvalidDataException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Message, Does.Contain(Weights));
    }

    [Test]
    public void ABadConfigIsAConfigError()
    {
        File.WriteAllText(Path.Combine(folder.FullName, "config.json"), """{"model_type": "gpt2", "vocab_size": 101, "n_positions": 32, "n_layer": 2, "n_head": 4}""");
        File.WriteAllBytes(Weights, []);
        var error = Show(Assert.Throws<Gpt2ConfigException>(() => Gpt2ForCausalLM.FromPretrained(folder.FullName))!);
        Assert.That(error.Field, Is.EqualTo("n_embd"));
        Assert.That(error.File, Is.EqualTo(Path.Combine(folder.FullName, "config.json")));
    }

    private static T Show<T>(T error)
        where T : Exception
    {
        TestContext.Out.WriteLine(error.Message);
        return error;
    }

    // Writes the folder as SavePretrained lays it out for config, after edit changes the tensors.
    private void SaveWith(Gpt2Config config, Action<Dictionary<string, Tensor>>? edit = null)
    {
        using var model = new Gpt2ForCausalLM(config, new Generator(51));
        config.Save(Path.Combine(folder.FullName, "config.json"));
        var tensors = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter.detach());
        edit?.Invoke(tensors);
        SafeTensors.Save(tensors, Weights);
    }
}
