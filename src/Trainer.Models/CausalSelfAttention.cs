using TorchSharp.Modules;
using TorchSharp.Utils;

namespace Training.Models;

/// <summary>
/// Multi-head causal self-attention over [B, T, C]: one projection to queries, keys and values, scaled dot products
/// for all heads at once (batched matmuls over [B, heads, T, T]), the causal mask, softmax, the weighted sum of values
/// and an output projection. Children and the mask buffer carry nanoGPT's names (c_attn, c_proj, mask).
/// </summary>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    // Field order is registration order (RegisterComponents), which is the PyTorch twin's module order.
    [ComponentName(Name = "c_attn")]
    private readonly Linear cAttn;

    [ComponentName(Name = "c_proj")]
    private readonly Linear cProj;

    [ComponentName(Name = "attn_dropout")]
    private readonly Dropout attnDropout;

    [ComponentName(Name = "resid_dropout")]
    private readonly Dropout residDropout;

    // Replaced (not modified) when the module moves to another device; see _toEpilog.
    private Tensor mask;

    // Constant operands of every forward pass, created once: an implicit Scalar allocates a native object per call.
    private readonly Scalar scale;
    private readonly Scalar hidden = double.NegativeInfinity;

    private readonly int heads;
    private readonly int headDim;
    private readonly int blockSize;
    private readonly bool dropout;

    /// <summary>Creates the layer for <paramref name="config"/>; weights keep TorchSharp's default init until <see cref="TinyGpt"/> re-draws them.</summary>
    public CausalSelfAttention(TinyGptConfig config)
        : base(nameof(CausalSelfAttention))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        heads = config.Heads;
        headDim = config.HeadDim;
        blockSize = config.BlockSize;
        scale = 1.0 / Math.Sqrt(headDim);
        dropout = config.Dropout > 0;
        cAttn = nn.Linear(config.EmbeddingDim, 3L * config.EmbeddingDim, hasBias: config.Bias);
        cProj = nn.Linear(config.EmbeddingDim, config.EmbeddingDim, hasBias: config.Bias);
        attnDropout = nn.Dropout(config.Dropout);
        residDropout = nn.Dropout(config.Dropout);

        // True above the diagonal: the future positions a query must not see. Stored as the positions to hide (not
        // nanoGPT's tril of positions to keep) so the forward pass needs no logical_not. Not persistent: it is derived
        // from the config, so checkpoints stay parameter-only and load into PyTorch's twin unchanged. Registered before
        // RegisterComponents, which would otherwise register the field as a persistent buffer. The module owns it, so it
        // must not belong to the caller's dispose scope.
        using (var ones = torch.ones([blockSize, blockSize], ScalarType.Bool)) mask = ones.triu(1).DetachFromDisposeScope();
        register_buffer("mask", mask, persistent: false);
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
        // Scaling q ([.., T, headDim]) is cheaper than scaling the scores ([.., T, T]) whenever T > headDim.
        var scores = qkv[0].mul(scale).matmul(qkv[1].transpose(-2, -1));
        // In place: matmul's backward needs q and k, not its output, so the scores can be overwritten.
        scores.masked_fill_(t == blockSize ? mask : mask.narrow(0, 0, t).narrow(1, 0, t), hidden);
        var weights = nn.functional.softmax(scores, -1);
        if (dropout) weights = attnDropout.call(weights);
        var mixed = weights.matmul(qkv[2]).transpose(1, 2).reshape(b, t, c);
        var output = cProj.call(mixed);
        return dropout ? residDropout.call(output) : output;
    }

    /// <inheritdoc />
    protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
    {
        base._toEpilog(dtype, device, non_blocking);
        // TorchSharp 0.107 moves the buffers named_buffers() lists, and that never lists a non-persistent one (it
        // ignores include_nonpersistent): move the mask here, or a model moved to a GPU would mask with a CPU tensor.
        if (device is null || (mask.device_type == device.type && mask.device_index == device.index)) return;
        var moved = mask.to(device, non_blocking).DetachFromDisposeScope();
        mask.Dispose();
        mask = moved;
        ConditionallyRegisterBuffer("mask", mask, persistent: false);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Module.Dispose frees the buffers named_buffers() lists, which leaves the non-persistent mask out.
            mask.Dispose();
            scale.Dispose();
            hidden.Dispose();
        }

        base.Dispose(disposing);
    }
}
