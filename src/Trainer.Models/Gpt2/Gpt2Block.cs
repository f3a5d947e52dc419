using TorchSharp.Modules;
using TorchSharp.Utils;

namespace Training.Models;

/// <summary>A GPT-2 block (Transformers' <c>GPT2Block</c>): x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
public sealed class Gpt2Block : nn.Module<Tensor, Tensor?, Tensor>
{
    // Field order is registration order, which is Transformers' module order.
    [ComponentName(Name = "ln_1")]
    private readonly LayerNorm ln1;

    private readonly Gpt2Attention attn;

    [ComponentName(Name = "ln_2")]
    private readonly LayerNorm ln2;

    private readonly Gpt2Mlp mlp;

    /// <summary>Creates block <paramref name="layerIndex"/> (0-based) for <paramref name="config"/>.</summary>
    public Gpt2Block(Gpt2Config config, int layerIndex)
        : base(nameof(Gpt2Block))
    {
        ArgumentNullException.ThrowIfNull(config);
        ln1 = nn.LayerNorm([config.EmbeddingDim], config.LayerNormEpsilon);
        attn = new Gpt2Attention(config, layerIndex);
        ln2 = nn.LayerNorm([config.EmbeddingDim], config.LayerNormEpsilon);
        mlp = new Gpt2Mlp(config);
        RegisterComponents();
    }

    /// <summary>The attention sub-layer.</summary>
    public Gpt2Attention Attention => attn;

    /// <summary>The feed-forward sub-layer.</summary>
    public Gpt2Mlp FeedForward => mlp;

    /// <summary>The layer norm before the attention.</summary>
    public LayerNorm AttentionNorm => ln1;

    /// <summary>The layer norm before the feed-forward network.</summary>
    public LayerNorm FeedForwardNorm => ln2;

    /// <summary>The block over <paramref name="input"/> [B, T, C]; <paramref name="mask"/> as in <see cref="Gpt2Attention.forward"/>.</summary>
    public override Tensor forward(Tensor input, Tensor? mask) => Run(input, mask, null);

    /// <summary><see cref="forward"/> continuing the positions in <paramref name="cache"/> (see <see cref="Gpt2Attention.Attend"/>).</summary>
    internal Tensor Run(Tensor input, Tensor? mask, Gpt2KeyValueCache? cache)
    {
        // Out of place: layer_norm saved each residual stream for its backward, so it must not be modified. Without a
        // cache through call(), so the attention's module hooks run.
        var normed = ln1.call(input);
        var x = input.add(cache is null ? attn.call(normed, mask) : attn.Attend(normed, mask, cache));
        return x.add(mlp.call(ln2.call(x)));
    }
}
