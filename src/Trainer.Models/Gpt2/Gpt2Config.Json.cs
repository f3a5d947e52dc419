using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Training.TorchExtensions;

namespace Training.Models;

public sealed partial record Gpt2Config
{
    private const string VocabSizeKey = "vocab_size";
    private const string PositionsKey = "n_positions";
    private const string EmbeddingDimKey = "n_embd";
    private const string LayersKey = "n_layer";
    private const string HeadsKey = "n_head";
    private const string InnerDimKey = "n_inner";
    private const string ActivationKey = "activation_function";
    private const string ResidualDropoutKey = "resid_pdrop";
    private const string EmbeddingDropoutKey = "embd_pdrop";
    private const string AttentionDropoutKey = "attn_pdrop";
    private const string LayerNormEpsilonKey = "layer_norm_epsilon";
    private const string InitializerRangeKey = "initializer_range";
    private const string ScaleWeightsKey = "scale_attn_weights";
    private const string InverseLayerKey = "scale_attn_by_inverse_layer_idx";
    private const string UpcastKey = "reorder_and_upcast_attn";
    private const string BosKey = "bos_token_id";
    private const string EosKey = "eos_token_id";
    private const string TieKey = "tie_word_embeddings";
    private const string ArchitecturesKey = "architectures";
    private const string ModelTypeKey = "model_type";
    private const string CrossAttentionKey = "add_cross_attention";

    /// <summary>The <c>model_type</c> of every GPT-2 <c>config.json</c>.</summary>
    public const string ModelType = "gpt2";

    // The shape of the network: a file without them is not a GPT-2 config (Transformers would silently build the
    // 124M gpt2 instead), so they are required where every other field falls back to Transformers' default.
    private static readonly string[] RequiredKeys = [VocabSizeKey, PositionsKey, EmbeddingDimKey, LayersKey, HeadsKey];

    private static readonly HashSet<string> ModelledKeys = new(StringComparer.Ordinal)
    {
        VocabSizeKey, PositionsKey, EmbeddingDimKey, LayersKey, HeadsKey, InnerDimKey, ActivationKey, ResidualDropoutKey,
        EmbeddingDropoutKey, AttentionDropoutKey, LayerNormEpsilonKey, InitializerRangeKey, ScaleWeightsKey, InverseLayerKey,
        UpcastKey, BosKey, EosKey, TieKey, ArchitecturesKey, ModelTypeKey,
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Reads a Hugging Face GPT-2 <c>config.json</c> and validates it. The five shape fields (<c>vocab_size</c>,
    /// <c>n_positions</c>, <c>n_embd</c>, <c>n_layer</c>, <c>n_head</c>) are required; every other field defaults as in
    /// Transformers' <c>GPT2Config</c>, and fields not modelled here are kept in <see cref="ExtraFields"/>.
    /// </summary>
    /// <exception cref="Gpt2ConfigException">The file is not JSON, or a field is missing, mistyped or out of range (named).</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static Gpt2Config Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"GPT-2 config '{path}' does not exist", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads the text of a <c>config.json</c>; <paramref name="source"/> names it in errors (see <see cref="Load"/>).</summary>
    public static Gpt2Config Parse(string json, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }) as JsonObject
                ?? throw new Gpt2ConfigException(source, "(root)", null, "must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new Gpt2ConfigException(source, "(root)", null, $"is not valid JSON: {e.Message}", e);
        }

        var reader = new Gpt2ConfigReader(root, source);
        foreach (var key in RequiredKeys) reader.Require(key);
        var modelType = reader.String(ModelTypeKey, ModelType);
        if (modelType != ModelType)
            throw new Gpt2ConfigException(source, ModelTypeKey, $"\"{modelType}\"", $"is not \"{ModelType}\": this file configures another kind of model");
        var defaults = new Gpt2Config();
        var config = new Gpt2Config
        {
            VocabSize = reader.Int(VocabSizeKey, defaults.VocabSize),
            Positions = reader.Int(PositionsKey, defaults.Positions),
            EmbeddingDim = reader.Int(EmbeddingDimKey, defaults.EmbeddingDim),
            Layers = reader.Int(LayersKey, defaults.Layers),
            Heads = reader.Int(HeadsKey, defaults.Heads),
            InnerDim = reader.NullableInt(InnerDimKey, defaults.InnerDim),
            ActivationFunction = reader.String(ActivationKey, defaults.ActivationFunction),
            ResidualDropout = reader.Double(ResidualDropoutKey, defaults.ResidualDropout),
            EmbeddingDropout = reader.Double(EmbeddingDropoutKey, defaults.EmbeddingDropout),
            AttentionDropout = reader.Double(AttentionDropoutKey, defaults.AttentionDropout),
            LayerNormEpsilon = reader.Double(LayerNormEpsilonKey, defaults.LayerNormEpsilon),
            InitializerRange = reader.Double(InitializerRangeKey, defaults.InitializerRange),
            ScaleAttentionWeights = reader.Bool(ScaleWeightsKey, defaults.ScaleAttentionWeights),
            ScaleAttentionByInverseLayerIndex = reader.Bool(InverseLayerKey, defaults.ScaleAttentionByInverseLayerIndex),
            ReorderAndUpcastAttention = reader.Bool(UpcastKey, defaults.ReorderAndUpcastAttention),
            BosTokenId = reader.NullableInt(BosKey, defaults.BosTokenId),
            EosTokenId = reader.NullableInt(EosKey, defaults.EosTokenId),
            TieWordEmbeddings = reader.Bool(TieKey, defaults.TieWordEmbeddings),
            Architectures = reader.Strings(ArchitecturesKey, defaults.Architectures),
            ExtraFields = root.Where(p => !ModelledKeys.Contains(p.Key))
                .ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal),
        };
        config.Validate(source);
        return config;
    }

    /// <summary>
    /// Writes the configuration as a Hugging Face <c>config.json</c> at <paramref name="path"/>, atomically (readers
    /// see the old file or the whole new one): every field, <c>model_type</c> "gpt2" and the kept extra fields, with
    /// keys sorted and indented by two spaces as Transformers writes them.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Validate();
        var bytes = Encoding.UTF8.GetBytes(ToJson());
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>The <c>config.json</c> text (see <see cref="Save"/>), ending in a newline.</summary>
    public string ToJson()
    {
        var fields = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in ExtraFields) fields[key] = JsonNode.Parse(value.GetRawText());
        fields[VocabSizeKey] = VocabSize;
        fields[PositionsKey] = Positions;
        fields[EmbeddingDimKey] = EmbeddingDim;
        fields[LayersKey] = Layers;
        fields[HeadsKey] = Heads;
        fields[InnerDimKey] = InnerDim;
        fields[ActivationKey] = ActivationFunction;
        fields[ResidualDropoutKey] = ResidualDropout;
        fields[EmbeddingDropoutKey] = EmbeddingDropout;
        fields[AttentionDropoutKey] = AttentionDropout;
        fields[LayerNormEpsilonKey] = LayerNormEpsilon;
        fields[InitializerRangeKey] = InitializerRange;
        fields[ScaleWeightsKey] = ScaleAttentionWeights;
        fields[InverseLayerKey] = ScaleAttentionByInverseLayerIndex;
        fields[UpcastKey] = ReorderAndUpcastAttention;
        fields[BosKey] = BosTokenId;
        fields[EosKey] = EosTokenId;
        fields[TieKey] = TieWordEmbeddings;
        fields[ArchitecturesKey] = new JsonArray([.. Architectures.Select(a => (JsonNode?)a)]);
        fields[ModelTypeKey] = ModelType;
        var root = new JsonObject();
        foreach (var (key, value) in fields) root[key] = value;
        return root.ToJsonString(Indented) + "\n";
    }
}
