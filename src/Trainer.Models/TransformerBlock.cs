using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using TorchSharp.Modules;

namespace Training.Models;

/// <summary>A pre-LN transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln2;
    private readonly Mlp mlp;

    /// <summary>Creates the block for <paramref name="config"/>.</summary>
    public TransformerBlock(TinyGptConfig config)
        : base(nameof(TransformerBlock))
    {
        ArgumentNullException.ThrowIfNull(config);
        ln1 = new LayerNorm([config.EmbeddingDim], bias: config.Bias);
        attn = new CausalSelfAttention(config);
        ln2 = new LayerNorm([config.EmbeddingDim], bias: config.Bias);
        mlp = new Mlp(config);
        register_module("ln_1", ln1);
        register_module("attn", attn);
        register_module("ln_2", ln2);
        register_module("mlp", mlp);
    }

    /// <summary>The attention sub-layer.</summary>
    public CausalSelfAttention Attention => attn;

    /// <summary>The feed-forward sub-layer.</summary>
    public Mlp FeedForward => mlp;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        // Out of place: layer_norm saved each residual stream for its backward, so it must not be modified.
        var x = input.add(attn.call(ln1.call(input)));
        return x.add(mlp.call(ln2.call(x)));
    }
}
