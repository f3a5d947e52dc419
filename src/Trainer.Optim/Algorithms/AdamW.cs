using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// Adam with decoupled weight decay (torch.optim.AdamW, Loshchilov and Hutter): the parameter is first
/// multiplied by <c>1 - lr·weight_decay</c>, then moved by the bias-corrected Adam step. With
/// <c>amsgrad</c> the running maximum of the second moment is used. State: <c>step</c>, <c>exp_avg</c>,
/// <c>exp_avg_sq</c> (+ <c>max_exp_avg_sq</c>), as in PyTorch, so checkpoints are interchangeable.
/// </summary>
public class AdamW : Adam
{
    /// <summary>Creates AdamW over parameters with <paramref name="options"/> as defaults.</summary>
    public AdamW(IEnumerable<Tensor> parameters, AdamWOptions? options = null)
        : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates AdamW over groups; keys a group lacks come from <paramref name="options"/>.</summary>
    public AdamW(IEnumerable<ParamGroup> groups, AdamWOptions? options = null)
        : base(groups, options ?? new AdamWOptions()) { }

    /// <inheritdoc/>
    public override string Name => "AdamW";

    /// <inheritdoc/>
    protected override bool DecoupledWeightDecay => true;
}
