using System.Text.Json.Nodes;

namespace Training.Models.Tests;

/// <summary>Gpt2Config reads and writes Hugging Face's config.json, keeps the fields it does not model, and names every bad field.</summary>
public class Gpt2ConfigTests
{
    // The hub's openai-community/gpt2 config.json.
    private const string HubGpt2 = """
        {
          "activation_function": "gelu_new",
          "architectures": ["GPT2LMHeadModel"],
          "attn_pdrop": 0.1,
          "bos_token_id": 50256,
          "embd_pdrop": 0.1,
          "eos_token_id": 50256,
          "initializer_range": 0.02,
          "layer_norm_epsilon": 1e-05,
          "model_type": "gpt2",
          "n_ctx": 1024,
          "n_embd": 768,
          "n_head": 12,
          "n_layer": 12,
          "n_positions": 1024,
          "resid_pdrop": 0.1,
          "summary_activation": null,
          "summary_first_dropout": 0.1,
          "summary_proj_to_labels": true,
          "summary_type": "cls_index",
          "summary_use_proj": true,
          "task_specific_params": {"text-generation": {"do_sample": true, "max_length": 50}},
          "vocab_size": 50257
        }
        """;

    private const string Minimal = """{"vocab_size": 101, "n_positions": 32, "n_embd": 32, "n_layer": 2, "n_head": 4}""";

    [Test]
    public void TheHubGpt2ConfigReadsAsTransformersReadsIt()
    {
        var config = Gpt2Config.Parse(HubGpt2, "config.json");
        Assert.Multiple(() =>
        {
            Assert.That((config.VocabSize, config.Positions, config.EmbeddingDim, config.Layers, config.Heads), Is.EqualTo((50257, 1024, 768, 12, 12)));
            Assert.That(config.FeedForwardDim, Is.EqualTo(3072), "n_inner absent: 4·n_embd");
            Assert.That(config.HeadDim, Is.EqualTo(64));
            Assert.That(config.ActivationFunction, Is.EqualTo("gelu_new"));
            Assert.That((config.ResidualDropout, config.EmbeddingDropout, config.AttentionDropout), Is.EqualTo((0.1, 0.1, 0.1)));
            Assert.That(config.LayerNormEpsilon, Is.EqualTo(1e-5));
            Assert.That((config.BosTokenId, config.EosTokenId), Is.EqualTo((50256, 50256)));
            Assert.That(config.TieWordEmbeddings, Is.True, "PretrainedConfig's default");
            Assert.That(config.ScaleAttentionWeights, Is.True);
            Assert.That(config.Architectures, Is.EqualTo(new[] { "GPT2LMHeadModel" }));
            Assert.That(config.ExtraFields.Keys.Order(), Is.EqualTo(new[]
            {
                "n_ctx", "summary_activation", "summary_first_dropout", "summary_proj_to_labels", "summary_type", "summary_use_proj", "task_specific_params",
            }));
        });
    }

    [Test]
    public void SavingKeepsEveryFieldOfTheFileSortedAsTransformersWritesThem()
    {
        var original = JsonNode.Parse(HubGpt2)!.AsObject();
        var written = JsonNode.Parse(Gpt2Config.Parse(HubGpt2).ToJson())!.AsObject();
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in original) Assert.That(JsonNode.DeepEquals(written[key], value), Is.True, $"{key}: {written[key]?.ToJsonString()} vs {value?.ToJsonString()}");
            Assert.That(written.Select(p => p.Key), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "sort_keys");
            Assert.That(written["n_inner"], Is.Null, "n_inner is written as null");
            Assert.That(written["tie_word_embeddings"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public void SaveAndLoadRoundTripAFile()
    {
        var folder = Gpt2Fixtures.TemporaryFolder();
        try
        {
            var path = Path.Combine(folder.FullName, "config.json");
            var config = Gpt2Config.Parse(Minimal) with { InnerDim = 40, ActivationFunction = "relu", TieWordEmbeddings = false, EosTokenId = null };
            config.Save(path);
            var read = Gpt2Config.Load(path);
            Assert.That(read.ToJson(), Is.EqualTo(config.ToJson()));
            Assert.That(read with { ExtraFields = config.ExtraFields, Architectures = config.Architectures }, Is.EqualTo(config));
            Assert.That(File.ReadAllText(path), Does.EndWith("}\n"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void AWholeNumberWrittenAsAFloatIsAccepted() =>
        Assert.That(Gpt2Config.Parse(Minimal.Replace("\"n_embd\": 32", "\"n_embd\": 32.0", StringComparison.Ordinal)).EmbeddingDim, Is.EqualTo(32));

    [TestCase("vocab_size")]
    [TestCase("n_positions")]
    [TestCase("n_embd")]
    [TestCase("n_layer")]
    [TestCase("n_head")]
    public void AMissingShapeFieldIsNamed(string field)
    {
        var json = JsonNode.Parse(Minimal)!.AsObject();
        json.Remove(field);
        var error = Assert.Throws<Gpt2ConfigException>(() => Gpt2Config.Parse(json.ToJsonString(), "folder/config.json"))!;
        Assert.That((error.File, error.Field, error.Value), Is.EqualTo(("folder/config.json", field, (string?)null)));
        Assert.That(error.Message, Does.Contain("folder/config.json").And.Contain($"'{field}' is missing"));
    }

    [TestCase("\"n_embd\": 30", "n_embd", "30", "not divisible by n_head = 4")]
    [TestCase("\"n_layer\": 0", "n_layer", "0", "at least 1")]
    [TestCase("\"n_layer\": \"two\"", "n_layer", "\"two\"", "whole number")]
    [TestCase("\"n_head\": 4.5", "n_head", "4.5", "whole number")]
    [TestCase("\"n_inner\": 0", "n_inner", "0", "at least 1")]
    [TestCase("\"resid_pdrop\": -0.1", "resid_pdrop", "-0.1", "[0, 1)")]
    [TestCase("\"attn_pdrop\": 1", "attn_pdrop", "1", "[0, 1)")]
    [TestCase("\"embd_pdrop\": \"0.1\"", "embd_pdrop", "\"0.1\"", "must be a number")]
    [TestCase("\"layer_norm_epsilon\": 0", "layer_norm_epsilon", "0", "positive")]
    [TestCase("\"initializer_range\": -1", "initializer_range", "-1", "non-negative")]
    [TestCase("\"activation_function\": \"gelu_neww\"", "activation_function", "\"gelu_neww\"", "closest: \"gelu_new\"")]
    [TestCase("\"activation_function\": \"prelu\"", "activation_function", "\"prelu\"", "supported: gelu, ")]
    [TestCase("\"tie_word_embeddings\": 1", "tie_word_embeddings", "1", "true or false")]
    [TestCase("\"architectures\": \"GPT2LMHeadModel\"", "architectures", "\"GPT2LMHeadModel\"", "list of strings")]
    [TestCase("\"eos_token_id\": -1", "eos_token_id", "-1", "token id")]
    [TestCase("\"model_type\": \"bert\"", "model_type", "\"bert\"", "another kind of model")]
    [TestCase("\"add_cross_attention\": true", "add_cross_attention", "true", "cross-attention")]
    public void ABadFieldIsNamedWithItsValue(string field, string key, string value, string problem)
    {
        // Set (or replace) the field in the minimal config.
        var node = JsonNode.Parse(Minimal)!.AsObject();
        var extra = JsonNode.Parse("{" + field + "}")!.AsObject().Single();
        node[extra.Key] = extra.Value?.DeepClone();
        var error = Assert.Throws<Gpt2ConfigException>(() => Gpt2Config.Parse(node.ToJsonString(), "config.json"))!;
        TestContext.Out.WriteLine(error.Message);
        Assert.That((error.Field, error.Value), Is.EqualTo((key, value)));
        Assert.That(error.Message, Does.Contain("config.json").And.Contain($"'{key}' = {value}").And.Contain(problem));
    }

    [TestCase("{\"vocab_size\": ")]
    [TestCase("[1, 2]")]
    public void TextThatIsNotAConfigObjectIsRefused(string json)
    {
        var error = Assert.Throws<Gpt2ConfigException>(() => Gpt2Config.Parse(json, "config.json"))!;
        Assert.That(error.Message, Does.Contain("config.json"));
    }

    [Test]
    public void AMissingFileIsNamed()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Gpt2Config.Load("/nonexistent/config.json"))!;
        Assert.That(error.Message, Does.Contain("/nonexistent/config.json"));
    }

    [Test]
    public void AConfigBuiltInCodeIsValidatedToo()
    {
        var error = Assert.Throws<Gpt2ConfigException>(() => _ = new Gpt2ForCausalLM(Gpt2Fixtures.Small() with { Heads = 5 }))!;
        Assert.That(error.File, Is.Null);
        Assert.That(error.Message, Does.StartWith("GPT-2 config: 'n_embd' = 32 is not divisible by n_head = 5"));
    }
}
