using TorchSharp.Modules;
using TorchSharp.Utils;

namespace Training.Models;

/// <summary>
/// GPT-2's feed-forward network (Transformers' <c>GPT2MLP</c>): <c>c_fc</c> C → inner width, the configured
/// activation, <c>c_proj</c> back to C, then dropout (<c>resid_pdrop</c>).
/// </summary>
public sealed class Gpt2Mlp : nn.Module<Tensor, Tensor>
{
    // Field order is registration order, which is Transformers' module order.
    [ComponentName(Name = "c_fc")]
    private readonly Conv1D cFc;

    [ComponentName(Name = "c_proj")]
    private readonly Conv1D cProj;

    private readonly Gpt2Activation act;

    [ComponentName(Name = "dropout")]
    private readonly Dropout dropoutLayer;

    // Not named "dropout": TorchSharp's Module.to() indexes fields by component name and fails on a duplicate.
    private readonly bool hasDropout;

    /// <summary>Creates the network for <paramref name="config"/>.</summary>
    public Gpt2Mlp(Gpt2Config config)
        : base(nameof(Gpt2Mlp))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        cFc = new Conv1D(config.EmbeddingDim, config.FeedForwardDim);
        cProj = new Conv1D(config.FeedForwardDim, config.EmbeddingDim);
        act = new Gpt2Activation(config.ActivationFunction);
        dropoutLayer = nn.Dropout(config.ResidualDropout);
        hasDropout = config.ResidualDropout > 0;
        RegisterComponents();
    }

    /// <summary>The input projection [C, inner width].</summary>
    public Conv1D InputProjection => cFc;

    /// <summary>The output projection [inner width, C], whose weight GPT-2 initialises with a depth-scaled standard deviation.</summary>
    public Conv1D OutputProjection => cProj;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var output = cProj.call(act.call(cFc.call(input)));
        return hasDropout ? dropoutLayer.call(output) : output;
    }
}
