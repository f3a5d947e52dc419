using Training.Core;
using Training.TorchExtensions;

namespace Training.Models.Tests;

/// <summary>Small GPT-2 configurations, weights, batches and folders shared by the GPT-2 tests.</summary>
internal static class Gpt2Fixtures
{
    /// <summary>A small GPT-2: vocabulary 101, 32 positions, 32 wide, 2 layers of 4 heads, no dropout.</summary>
    public static Gpt2Config Small(bool tied = true) => new()
    {
        VocabSize = 101, Positions = 32, EmbeddingDim = 32, Layers = 2, Heads = 4,
        ResidualDropout = 0, EmbeddingDropout = 0, AttentionDropout = 0, TieWordEmbeddings = tied,
        BosTokenId = 100, EosTokenId = 100,
    };

    /// <summary>
    /// A model whose every parameter is drawn at random, so each shapes the logits: weights and biases from N(0, 0.2²),
    /// layer-norm gains from N(1, 0.2²) (logits of order 1, where N(0, 0.02²) would leave them near 0).
    /// </summary>
    public static Gpt2ForCausalLM Random(Gpt2Config config, ulong seed)
    {
        var model = new Gpt2ForCausalLM(config, new Generator(seed));
        using var noGrad = no_grad();
        using var generator = new Generator(seed + 1);
        foreach (var (name, p) in model.named_parameters())
        {
            p.normal_(0, 0.2, generator);
            if (name.Contains("ln_", StringComparison.Ordinal) && name.EndsWith(".weight", StringComparison.Ordinal)) p.add_(Scalars.Keep(1.0));
        }

        return model;
    }

    /// <summary>Token ids [rows, length] drawn uniformly below <paramref name="vocab"/>.</summary>
    public static Tensor Tokens(long rows, long length, long vocab, ulong seed)
    {
        using var generator = new Generator(seed);
        return randint(vocab, [rows, length], generator: generator);
    }

    /// <summary>An attention mask [rows, length] with the given number of real tokens per row, then padding (right padding).</summary>
    public static Tensor RightPadded(long length, params long[] realTokens)
    {
        var mask = zeros([realTokens.Length, length], ScalarType.Int64);
        for (var row = 0; row < realTokens.Length; row++) mask[row].narrow(0, 0, realTokens[row]).fill_(Scalars.Keep(1));
        return mask;
    }

    /// <summary>An attention mask [rows, length] with padding first, then the given number of real tokens per row (left padding).</summary>
    public static Tensor LeftPadded(long length, params long[] realTokens)
    {
        var mask = zeros([realTokens.Length, length], ScalarType.Int64);
        for (var row = 0; row < realTokens.Length; row++) mask[row].narrow(0, length - realTokens[row], realTokens[row]).fill_(Scalars.Keep(1));
        return mask;
    }

    /// <summary>Labels equal to the ids, with −100 where the mask is 0 (what a causal-LM collator builds).</summary>
    public static Tensor Labels(Tensor ids, Tensor? mask = null) =>
        mask is null ? ids.clone() : ids.masked_fill(mask.eq(Scalars.Keep(0)), Scalars.Keep(CausalLanguageModelLoss.IgnoreIndex));

    /// <summary>A batch owning copies of the given tensors.</summary>
    public static Batch Batch(Tensor ids, Tensor? mask = null, Tensor? labels = null)
    {
        var entries = new List<KeyValuePair<string, Tensor>> { new(Gpt2ForCausalLM.InputIdsKey, ids.clone()) };
        if (mask is not null) entries.Add(new(Gpt2ForCausalLM.AttentionMaskKey, mask.clone()));
        if (labels is not null) entries.Add(new(Gpt2ForCausalLM.LabelsKey, labels.clone()));
        return new Batch(ids.size(0), entries);
    }

    /// <summary>The registered token-embedding Parameter (wte.weight) of <paramref name="model"/>.</summary>
    public static TorchSharp.Modules.Parameter TokenEmbedding(Gpt2ForCausalLM model) =>
        model.Transformer.TokenEmbedding.get_parameter("weight")!;

    /// <summary>Values of a tensor as doubles, row-major.</summary>
    public static double[] Values(Tensor tensor) => tensor.detach().to(ScalarType.Float64).flatten().data<double>().ToArray();

    /// <summary>A new empty temporary folder; delete it with <see cref="DirectoryInfo.Delete(bool)"/>.</summary>
    public static DirectoryInfo TemporaryFolder() => Directory.CreateTempSubdirectory("gpt2-");
}
