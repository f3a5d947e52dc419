using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using TorchSharp.Modules;

namespace Training.Models;

/// <summary>
/// Multi-head causal self-attention over [B, T, C]: one projection to queries, keys and values, scaled dot products
/// for all heads at once (batched matmuls over [B, heads, T, T]), the causal mask, softmax, the weighted sum of values
/// and an output projection. Children and the mask buffer carry nanoGPT's names (c_attn, c_proj, mask).
/// </summary>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear cAttn;
    private readonly Linear cProj;
    private readonly Dropout attnDropout;
    private readonly Dropout residDropout;
    private readonly Tensor mask;
    private readonly int heads;
    private readonly int headDim;
    private readonly int blockSize;
    private readonly double scale;
    private readonly bool dropout;

    /// <summary>Creates the layer for <paramref name="config"/>; weights keep PyTorch's default init until <see cref="TinyGpt"/> re-draws them.</summary>
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
        cAttn = new Linear(config.EmbeddingDim, 3L * config.EmbeddingDim, config.Bias);
        cProj = new Linear(config.EmbeddingDim, config.EmbeddingDim, config.Bias);
        attnDropout = new Dropout(config.Dropout);
        residDropout = new Dropout(config.Dropout);
        register_module("c_attn", cAttn);
        register_module("c_proj", cProj);
        register_module("attn_dropout", attnDropout);
        register_module("resid_dropout", residDropout);

        // True above the diagonal: the future positions a query must not see. Stored as the positions to hide (not
        // nanoGPT's tril of positions to keep) so the forward pass needs no logical_not. Not persistent: it is derived
        // from the config, so checkpoints stay parameter-only and load into PyTorch's twin unchanged.
        using var ones = torch.ones([blockSize, blockSize], ScalarType.Bool);
        mask = ones.triu(1);
        register_buffer("mask", mask, persistent: false);
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
        scores.masked_fill_(t == blockSize ? mask : mask.narrow(0, 0, t).narrow(1, 0, t), double.NegativeInfinity);
        var weights = nn.functional.softmax(scores, -1);
        if (dropout) weights = attnDropout.call(weights);
        var mixed = weights.matmul(qkv[2]).transpose(1, 2).reshape(b, t, c);
        var output = cProj.call(mixed);
        return dropout ? residDropout.call(output) : output;
    }
}
