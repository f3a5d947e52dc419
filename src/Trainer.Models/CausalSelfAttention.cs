using TorchSharp.Modules;
using TorchSharp.Utils;

namespace Training.Models;

/// <summary>
/// Multi-head causal self-attention over [B, T, C]: one projection to queries, keys and values, libtorch's
/// <c>scaled_dot_product_attention</c> for all heads at once (softmax(QKᵀ/√headDim) over the causal positions, then
/// the weighted sum of values; a fused flash-style kernel on CPU that never materialises the [B, heads, T, T] weights
/// outside training with dropout) and an output projection. Children carry nanoGPT's names (c_attn, c_proj).
/// </summary>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    // Field order is registration order (RegisterComponents), which is the PyTorch twin's module order.
    [ComponentName(Name = "c_attn")]
    private readonly Linear cAttn;

    [ComponentName(Name = "c_proj")]
    private readonly Linear cProj;

    // Holds no state: the attention dropout runs inside scaled_dot_product_attention (dropout_p), as in nanoGPT's flash
    // path, which keeps the module for the same module tree.
    [ComponentName(Name = "attn_dropout")]
    private readonly Dropout attnDropout;

    [ComponentName(Name = "resid_dropout")]
    private readonly Dropout residDropout;

    private readonly int heads;
    private readonly int headDim;
    private readonly int blockSize;
    private readonly double dropout;

    /// <summary>Creates the layer for <paramref name="config"/>; weights keep TorchSharp's default init until <see cref="TinyGpt"/> re-draws them.</summary>
    public CausalSelfAttention(TinyGptConfig config)
        : base(nameof(CausalSelfAttention))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        heads = config.Heads;
        headDim = config.HeadDim;
        blockSize = config.BlockSize;
        dropout = config.Dropout;
        cAttn = nn.Linear(config.EmbeddingDim, 3L * config.EmbeddingDim, hasBias: config.Bias);
        cProj = nn.Linear(config.EmbeddingDim, config.EmbeddingDim, hasBias: config.Bias);
        attnDropout = nn.Dropout(config.Dropout);
        residDropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>The output projection, whose weight GPT-2 initialises with a depth-scaled standard deviation.</summary>
    public Linear OutputProjection => cProj;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        long b = shape[0], t = shape[1], c = shape[2];
        if (t > blockSize) throw new ArgumentException($"sequence length {t} exceeds the block size {blockSize}", nameof(input));

        // [B, T, 3C] -> [3, B, heads, T, headDim] in one view + permute, then split into q, k, v in one call.
        var qkv = cAttn.call(input).view(b, t, 3, heads, headDim).permute(2, 0, 3, 1, 4).unbind(0);
        // The default scale 1/√headDim and is_causal's mask (query i sees keys 0..i) are exactly nanoGPT's attention.
        var attended = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], null, training ? dropout : 0.0, true);
        var output = cProj.call(attended.transpose(1, 2).reshape(b, t, c));
        return dropout > 0 ? residDropout.call(output) : output;
    }
}
