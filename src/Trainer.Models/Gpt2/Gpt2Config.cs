using System.Globalization;
using System.Text.Json;

namespace Training.Models;

/// <summary>
/// The shape and hyperparameters of a GPT-2, as Transformers' <c>GPT2Config</c> and its <c>config.json</c>. The
/// defaults are Transformers' (the 124M-parameter <c>gpt2</c>). <see cref="Load"/> and <see cref="Save"/> read and
/// write the Hugging Face file; fields this class does not model (<c>n_ctx</c>, <c>task_specific_params</c>,
/// <c>transformers_version</c>, ...) are kept in <see cref="ExtraFields"/> and written back unchanged.
/// </summary>
public sealed partial record Gpt2Config
{
    /// <summary>Number of token ids (<c>vocab_size</c>).</summary>
    public int VocabSize { get; init; } = 50257;

    /// <summary>The context length: the number of position embeddings (<c>n_positions</c>).</summary>
    public int Positions { get; init; } = 1024;

    /// <summary>Width of the residual stream (<c>n_embd</c>).</summary>
    public int EmbeddingDim { get; init; } = 768;

    /// <summary>Number of transformer blocks (<c>n_layer</c>).</summary>
    public int Layers { get; init; } = 12;

    /// <summary>Attention heads per block (<c>n_head</c>); must divide <see cref="EmbeddingDim"/>.</summary>
    public int Heads { get; init; } = 12;

    /// <summary>Width of the MLP's hidden layer (<c>n_inner</c>); null means 4·<see cref="EmbeddingDim"/>.</summary>
    public int? InnerDim { get; init; }

    /// <summary>The MLP activation (<c>activation_function</c>), one of <see cref="Gpt2Activation.Names"/>.</summary>
    public string ActivationFunction { get; init; } = "gelu_new";

    /// <summary>Dropout on the attention and MLP outputs (<c>resid_pdrop</c>).</summary>
    public double ResidualDropout { get; init; } = 0.1;

    /// <summary>Dropout on the summed token and position embeddings (<c>embd_pdrop</c>).</summary>
    public double EmbeddingDropout { get; init; } = 0.1;

    /// <summary>Dropout on the attention weights (<c>attn_pdrop</c>).</summary>
    public double AttentionDropout { get; init; } = 0.1;

    /// <summary>The layer norms' epsilon (<c>layer_norm_epsilon</c>).</summary>
    public double LayerNormEpsilon { get; init; } = 1e-5;

    /// <summary>Standard deviation of the initial weights (<c>initializer_range</c>).</summary>
    public double InitializerRange { get; init; } = 0.02;

    /// <summary>Whether attention scores are divided by √(head width) (<c>scale_attn_weights</c>).</summary>
    public bool ScaleAttentionWeights { get; init; } = true;

    /// <summary>Whether block i's attention scores are further divided by i + 1 (<c>scale_attn_by_inverse_layer_idx</c>).</summary>
    public bool ScaleAttentionByInverseLayerIndex { get; init; }

    /// <summary>
    /// Whether attention runs in float32 when the model is in half precision (<c>reorder_and_upcast_attn</c>). A
    /// float32 model computes the same either way.
    /// </summary>
    public bool ReorderAndUpcastAttention { get; init; }

    /// <summary>The beginning-of-text token (<c>bos_token_id</c>), or null.</summary>
    public int? BosTokenId { get; init; } = 50256;

    /// <summary>The end-of-text token (<c>eos_token_id</c>), or null.</summary>
    public int? EosTokenId { get; init; } = 50256;

    /// <summary>Whether the output head is the token embedding matrix (<c>tie_word_embeddings</c>).</summary>
    public bool TieWordEmbeddings { get; init; } = true;

    /// <summary>The model classes the file names (<c>architectures</c>).</summary>
    public IReadOnlyList<string> Architectures { get; init; } = ["GPT2LMHeadModel"];

    /// <summary>The fields of the file this class does not model, by key, kept so that a load-save round trip keeps them.</summary>
    public IReadOnlyDictionary<string, JsonElement> ExtraFields { get; init; } = new Dictionary<string, JsonElement>(StringComparer.Ordinal);

    /// <summary>The MLP's hidden width: <see cref="InnerDim"/>, or 4·<see cref="EmbeddingDim"/> when that is null.</summary>
    public int FeedForwardDim => InnerDim ?? 4 * EmbeddingDim;

    /// <summary>The width of one attention head.</summary>
    public int HeadDim => EmbeddingDim / Heads;

    /// <summary>
    /// Throws <see cref="Gpt2ConfigException"/> naming the first field that cannot describe a model (and
    /// <paramref name="file"/>, when the configuration was read from one).
    /// </summary>
    public void Validate(string? file = null)
    {
        AtLeastOne(file, VocabSizeKey, VocabSize);
        AtLeastOne(file, PositionsKey, Positions);
        AtLeastOne(file, EmbeddingDimKey, EmbeddingDim);
        AtLeastOne(file, LayersKey, Layers);
        AtLeastOne(file, HeadsKey, Heads);
        if (EmbeddingDim % Heads != 0)
            throw new Gpt2ConfigException(file, EmbeddingDimKey, Text(EmbeddingDim), $"is not divisible by {HeadsKey} = {Heads}: every head needs the same width");
        if (InnerDim is { } inner) AtLeastOne(file, InnerDimKey, inner);
        if (!Gpt2Activation.Names.Contains(ActivationFunction, StringComparer.Ordinal))
        {
            var closest = Training.Optim.ClosestName.Find(ActivationFunction, Gpt2Activation.Names);
            throw new Gpt2ConfigException(file, ActivationKey, $"\"{ActivationFunction}\"",
                $"is not a supported activation{(closest is null ? "" : $" (closest: \"{closest}\")")}; supported: {string.Join(", ", Gpt2Activation.Names)}");
        }

        Probability(file, ResidualDropoutKey, ResidualDropout);
        Probability(file, EmbeddingDropoutKey, EmbeddingDropout);
        Probability(file, AttentionDropoutKey, AttentionDropout);
        if (!(LayerNormEpsilon > 0 && double.IsFinite(LayerNormEpsilon)))
            throw new Gpt2ConfigException(file, LayerNormEpsilonKey, Text(LayerNormEpsilon), "must be positive and finite");
        if (!(InitializerRange >= 0 && double.IsFinite(InitializerRange)))
            throw new Gpt2ConfigException(file, InitializerRangeKey, Text(InitializerRange), "must be non-negative and finite");
        if (BosTokenId < 0) throw new Gpt2ConfigException(file, BosKey, Text(BosTokenId.Value), "must be a token id (non-negative) or null");
        if (EosTokenId < 0) throw new Gpt2ConfigException(file, EosKey, Text(EosTokenId.Value), "must be a token id (non-negative) or null");
        if (ExtraFields.TryGetValue(CrossAttentionKey, out var cross) && cross.ValueKind == JsonValueKind.True)
            throw new Gpt2ConfigException(file, CrossAttentionKey, "true", "is not supported: this GPT-2 is a decoder-only language model without cross-attention layers");
    }

    private static void AtLeastOne(string? file, string key, int value)
    {
        if (value < 1) throw new Gpt2ConfigException(file, key, Text(value), "must be at least 1");
    }

    private static void Probability(string? file, string key, double value)
    {
        if (!(value >= 0 && value < 1)) throw new Gpt2ConfigException(file, key, Text(value), "must be a dropout probability in [0, 1)");
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
