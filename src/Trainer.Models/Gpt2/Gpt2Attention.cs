using TorchSharp.Modules;
using TorchSharp.Utils;

namespace Training.Models;

/// <summary>
/// GPT-2's causal self-attention (Transformers' <c>GPT2Attention</c>): <c>c_attn</c> projects [B, T, C] to queries, keys
/// and values ([q | k | v] along the last dimension, each split into heads), <c>scaled_dot_product_attention</c> mixes
/// the values (with its fused causal mask, or the additive padding mask it is given), and <c>c_proj</c> projects back,
/// followed by <c>resid_dropout</c>. Attention-weight dropout (<c>attn_pdrop</c>) runs inside the fused kernel in
/// training mode.
/// </summary>
public sealed class Gpt2Attention : nn.Module<Tensor, Tensor?, Tensor>
{
    // Field order is registration order, which is Transformers' module order.
    [ComponentName(Name = "c_attn")]
    private readonly Conv1D cAttn;

    [ComponentName(Name = "c_proj")]
    private readonly Conv1D cProj;

    [ComponentName(Name = "resid_dropout")]
    private readonly Dropout residDropout;

    private readonly int layerIndex;
    private readonly int heads;
    private readonly int headDim;
    private readonly double attentionDropout;
    private readonly bool residualDropout;
    private readonly bool upcast;

    // scaled_dot_product_attention divides by √(head width); any other score scale is applied to the queries. Null when
    // the config asks for exactly that scale (the common case), so no multiplication runs. Created once: an implicit
    // Scalar allocates a native object per call.
    private readonly Scalar? queryScale;

    /// <summary>Creates block <paramref name="layerIndex"/>'s attention for <paramref name="config"/>.</summary>
    public Gpt2Attention(Gpt2Config config, int layerIndex)
        : base(nameof(Gpt2Attention))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        this.layerIndex = layerIndex;
        heads = config.Heads;
        headDim = config.HeadDim;
        attentionDropout = config.AttentionDropout;
        residualDropout = config.ResidualDropout > 0;
        upcast = config.ReorderAndUpcastAttention;
        var scale = (config.ScaleAttentionWeights ? 1.0 / Math.Sqrt(headDim) : 1.0) /
                    (config.ScaleAttentionByInverseLayerIndex ? layerIndex + 1.0 : 1.0);
        var relative = scale * Math.Sqrt(headDim);
        if (relative != 1.0) queryScale = relative.ToScalar();
        cAttn = new Conv1D(config.EmbeddingDim, 3L * config.EmbeddingDim);
        cProj = new Conv1D(config.EmbeddingDim, config.EmbeddingDim);
        residDropout = nn.Dropout(config.ResidualDropout);
        RegisterComponents();
    }

    /// <summary>The query/key/value projection [C, 3C].</summary>
    public Conv1D QueryKeyValue => cAttn;

    /// <summary>The output projection [C, C], whose weight GPT-2 initialises with a depth-scaled standard deviation.</summary>
    public Conv1D OutputProjection => cProj;

    /// <summary>
    /// Attends over <paramref name="input"/> [B, T, C] causally; <paramref name="mask"/> is an additive mask
    /// [B, 1, T, T] (see <see cref="Gpt2ForCausalLM"/>) or null for plain causal attention.
    /// </summary>
    public override Tensor forward(Tensor input, Tensor? mask) => Attend(input, mask, null);

    /// <summary>
    /// <see cref="forward"/> over new positions that follow the ones in <paramref name="cache"/> (when given): their keys
    /// and values are appended to it, and the queries attend over every cached position.
    /// </summary>
    internal Tensor Attend(Tensor input, Tensor? mask, Gpt2KeyValueCache? cache)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        long b = shape[0], t = shape[1], c = shape[2];
        // [B, T, 3C] -> [3, B, heads, T, head width] in one view + permute, then q, k, v in one call.
        var qkv = cAttn.call(input).view(b, t, 3, heads, headDim).permute(2, 0, 3, 1, 4).unbind(0);
        var (query, key, value) = (qkv[0], qkv[1], qkv[2]);
        var causal = mask is null;
        if (cache is not null)
        {
            var past = cache.Length;
            (key, value) = cache.Append(layerIndex, key, value);
            if (past > 0)
            {
                // The fused causal mask aligns the first query with the first key; with cached keys the new queries sit
                // at the end. One new query sees every key; several need the causal mask shifted by the past.
                causal = false;
                if (t > 1) mask = ones([t, past + t], ScalarType.Bool, device: input.device).tril(past);
            }
        }

        if (queryScale is not null) query = query.mul(queryScale);
        var dropout = training ? attentionDropout : 0.0;
        var dtype = query.dtype;
        Tensor attended;
        if (upcast && dtype is ScalarType.Float16 or ScalarType.BFloat16)
        {
            // reorder_and_upcast_attn: scores and softmax in float32 for a half-precision model.
            var floatMask = mask is not null && mask.dtype != ScalarType.Bool ? mask.to(ScalarType.Float32) : mask;
            attended = nn.functional.scaled_dot_product_attention(
                query.to(ScalarType.Float32), key.to(ScalarType.Float32), value.to(ScalarType.Float32), floatMask, dropout, causal).to(dtype);
        }
        else
        {
            attended = nn.functional.scaled_dot_product_attention(query, key, value, mask, dropout, causal);
        }

        var output = cProj.call(attended.transpose(1, 2).reshape(b, t, c));
        return residualDropout ? residDropout.call(output) : output;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) queryScale?.Dispose();
        base.Dispose(disposing);
    }
}
