using System.Text.Json;

namespace Training.Models.Tests;

/// <summary>
/// SavePretrained and FromPretrained round-trip a model exactly, and FromPretrained also reads the other layouts
/// Hugging Face folders come in: keys without the transformer. prefix (the base GPT2Model, the hub's gpt2), the
/// attn.bias / attn.masked_bias buffers of older checkpoints, an lm_head.weight next to tied embeddings (the Trainer's
/// own checkpoints carry one), an untied head, and half-precision weights.
/// </summary>
[NonParallelizable]
public class Gpt2PretrainedTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void SaveThenLoadGivesIdenticalLogits(bool tied)
    {
        using var scope = NewDisposeScope();
        var folder = Gpt2Fixtures.TemporaryFolder();
        try
        {
            var config = Gpt2Fixtures.Small(tied) with
            {
                ExtraFields = new Dictionary<string, JsonElement> { ["n_ctx"] = JsonSerializer.SerializeToElement(32) },
            };
            using var model = Gpt2Fixtures.Random(config, seed: 41);
            model.SavePretrained(folder.FullName);
            using var loaded = Gpt2ForCausalLM.FromPretrained(folder.FullName);
            var ids = Gpt2Fixtures.Tokens(2, 9, config.VocabSize, seed: 42);
            model.eval();
            Assert.Multiple(() =>
            {
                Assert.That(loaded.Config, Is.EqualTo(config).Using<Gpt2Config>(SameJson), "the config round-trips, extra fields too");
                Assert.That(loaded.Logits(ids).ValuesEqual(model.Logits(ids)), Is.True, "identical logits");
                Assert.That(loaded.named_parameters().Select(p => p.name), Is.EqualTo(model.named_parameters().Select(p => p.name)));
                Assert.That(loaded.Head.weight!.Handle == Gpt2Fixtures.TokenEmbedding(loaded).Handle, Is.EqualTo(tied), "the head is tied as the config says");
                Assert.That(Directory.EnumerateFiles(folder.FullName).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "config.json", "model.safetensors" }),
                    "nothing else (no temporary files) is left");
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void LoadsTheBaseModelLayoutWithOldBuffersAndAHeadEqualToTheEmbedding()
    {
        using var scope = NewDisposeScope();
        var folder = Gpt2Fixtures.TemporaryFolder();
        try
        {
            var config = Gpt2Fixtures.Small();
            using var model = Gpt2Fixtures.Random(config, seed: 43);
            config.Save(Path.Combine(folder.FullName, "config.json"));
            // GPT2Model's keys (no transformer. prefix), the causal-mask buffers Transformers < 4.x saved in every block,
            // and an lm_head.weight equal to wte (what a state_dict of a tied GPT2LMHeadModel holds).
            var tensors = model.named_parameters().ToDictionary(p => p.name.Replace("transformer.", "", StringComparison.Ordinal), p => (Tensor)p.parameter.detach());
            for (var i = 0; i < config.Layers; i++)
            {
                tensors[$"h.{i}.attn.bias"] = ones(1, 1, config.Positions, config.Positions).tril().view(1, 1, config.Positions, config.Positions);
                tensors[$"h.{i}.attn.masked_bias"] = tensor(-1e4f);
            }

            tensors["lm_head.weight"] = tensors["wte.weight"].clone();
            SafeTensors.Save(tensors, Path.Combine(folder.FullName, "model.safetensors"));
            using var loaded = Gpt2ForCausalLM.FromPretrained(folder.FullName);
            var ids = Gpt2Fixtures.Tokens(2, 9, config.VocabSize, seed: 44);
            model.eval();
            Assert.That(loaded.Logits(ids).ValuesEqual(model.Logits(ids)), Is.True);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestCase(ScalarType.Float16)]
    [TestCase(ScalarType.BFloat16)]
    public void HalfPrecisionWeightsAreConvertedToFloat32(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var folder = Gpt2Fixtures.TemporaryFolder();
        try
        {
            var config = Gpt2Fixtures.Small(tied: false);
            using var model = Gpt2Fixtures.Random(config, seed: 45);
            config.Save(Path.Combine(folder.FullName, "config.json"));
            SafeTensors.Save(model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(dtype)), Path.Combine(folder.FullName, "model.safetensors"));
            using var loaded = Gpt2ForCausalLM.FromPretrained(folder.FullName);
            Assert.Multiple(() =>
            {
                foreach (var ((name, original), (_, read)) in model.named_parameters().Zip(loaded.named_parameters()))
                {
                    Assert.That(read.dtype, Is.EqualTo(ScalarType.Float32), name);
                    Assert.That(read.ValuesEqual(original.detach().to(dtype).to(ScalarType.Float32)), Is.True, $"{name} holds the rounded weights");
                }
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void SavingReplacesAnEarlierSaveAndCreatesTheFolder()
    {
        using var scope = NewDisposeScope();
        var root = Gpt2Fixtures.TemporaryFolder();
        try
        {
            var folder = Path.Combine(root.FullName, "nested", "model");
            using (var first = Gpt2Fixtures.Random(Gpt2Fixtures.Small(), seed: 46)) first.SavePretrained(folder);
            using var second = Gpt2Fixtures.Random(Gpt2Fixtures.Small() with { Layers = 1 }, seed: 47);
            second.SavePretrained(folder);
            using var loaded = Gpt2ForCausalLM.FromPretrained(folder);
            var ids = Gpt2Fixtures.Tokens(1, 5, 101, seed: 48);
            second.eval();
            Assert.That(loaded.Config.Layers, Is.EqualTo(1));
            Assert.That(loaded.Logits(ids).ValuesEqual(second.Logits(ids)), Is.True);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Test]
    public void ALoadedModelIsInEvaluationModeAsTransformersLeavesIt()
    {
        using var scope = NewDisposeScope();
        var folder = Gpt2Fixtures.TemporaryFolder();
        try
        {
            // Transformers' dropout of 0.1 everywhere: in training mode two forward passes would differ.
            var config = Gpt2Fixtures.Small() with { ResidualDropout = 0.1, EmbeddingDropout = 0.1, AttentionDropout = 0.1 };
            using (var model = Gpt2Fixtures.Random(config, seed: 49)) model.SavePretrained(folder.FullName);
            using var loaded = Gpt2ForCausalLM.FromPretrained(folder.FullName);
            var ids = Gpt2Fixtures.Tokens(2, 9, config.VocabSize, seed: 50);
            Assert.That(loaded.training, Is.False);
            Assert.That(loaded.Logits(ids).ValuesEqual(loaded.Logits(ids)), Is.True, "no dropout");
            loaded.train();
            Assert.That(loaded.Logits(ids).ValuesEqual(loaded.Logits(ids)), Is.False, "dropout is back in training mode");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static bool SameJson(Gpt2Config a, Gpt2Config b) => a.ToJson() == b.ToJson();
}
