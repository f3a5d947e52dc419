using TorchSharp.Modules;
using TorchSharp.Utils;

namespace Training.Models;

/// <summary>A pre-LN transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    // Field order is registration order (RegisterComponents), which is the PyTorch twin's module order.
    [ComponentName(Name = "ln_1")]
    private readonly LayerNorm ln1;

    private readonly CausalSelfAttention attn;

    [ComponentName(Name = "ln_2")]
    private readonly LayerNorm ln2;

    private readonly Mlp mlp;

    /// <summary>Creates the block for <paramref name="config"/>.</summary>
    public TransformerBlock(TinyGptConfig config)
        : base(nameof(TransformerBlock))
    {
        ArgumentNullException.ThrowIfNull(config);
        ln1 = nn.LayerNorm([config.EmbeddingDim], bias: config.Bias);
        attn = new CausalSelfAttention(config);
        ln2 = nn.LayerNorm([config.EmbeddingDim], bias: config.Bias);
        mlp = new Mlp(config);
        RegisterComponents();
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
