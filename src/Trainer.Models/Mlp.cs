using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using TorchSharp.Modules;

namespace Training.Models;

/// <summary>The transformer's position-wise feed-forward network: C → 4C, GELU, 4C → C (nanoGPT's c_fc, c_proj).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear cFc;
    private readonly GELU gelu;
    private readonly Linear cProj;
    private readonly Dropout dropoutLayer;
    private readonly bool dropout;

    /// <summary>Creates the network for <paramref name="config"/>.</summary>
    public Mlp(TinyGptConfig config)
        : base(nameof(Mlp))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        cFc = new Linear(config.EmbeddingDim, 4L * config.EmbeddingDim, config.Bias);
        gelu = new GELU();
        cProj = new Linear(4L * config.EmbeddingDim, config.EmbeddingDim, config.Bias);
        dropoutLayer = new Dropout(config.Dropout);
        dropout = config.Dropout > 0;
        register_module("c_fc", cFc);
        register_module("gelu", gelu);
        register_module("c_proj", cProj);
        register_module("dropout", dropoutLayer);
    }

    /// <summary>The output projection, whose weight GPT-2 initialises with a depth-scaled standard deviation.</summary>
    public Linear OutputProjection => cProj;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var output = cProj.call(gelu.call(cFc.call(input)));
        return dropout ? dropoutLayer.call(output) : output;
    }
}
