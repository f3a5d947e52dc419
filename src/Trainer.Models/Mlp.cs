using TorchSharp.Modules;
using TorchSharp.Utils;

namespace Training.Models;

/// <summary>The transformer's position-wise feed-forward network: C → 4C, GELU, 4C → C (nanoGPT's c_fc, c_proj).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    // Field order is registration order (RegisterComponents), which is the PyTorch twin's module order.
    [ComponentName(Name = "c_fc")]
    private readonly Linear cFc;

    private readonly GELU gelu;

    [ComponentName(Name = "c_proj")]
    private readonly Linear cProj;

    [ComponentName(Name = "dropout")]
    private readonly Dropout dropoutLayer;

    // Not named `dropout`: Module.to() walks fields by component name and fails on two fields with the name "dropout".
    private readonly bool applyDropout;

    /// <summary>Creates the network for <paramref name="config"/>.</summary>
    public Mlp(TinyGptConfig config)
        : base(nameof(Mlp))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        cFc = nn.Linear(config.EmbeddingDim, 4L * config.EmbeddingDim, hasBias: config.Bias);
        gelu = nn.GELU();
        cProj = nn.Linear(4L * config.EmbeddingDim, config.EmbeddingDim, hasBias: config.Bias);
        dropoutLayer = nn.Dropout(config.Dropout);
        applyDropout = config.Dropout > 0;
        RegisterComponents();
    }

    /// <summary>The output projection, whose weight GPT-2 initialises with a depth-scaled standard deviation.</summary>
    public Linear OutputProjection => cProj;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var output = cProj.call(gelu.call(cFc.call(input)));
        return applyDropout ? dropoutLayer.call(output) : output;
    }
}
