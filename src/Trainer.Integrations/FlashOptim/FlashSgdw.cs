using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>FlashSGDW (eager path): FlashSGD with decoupled decay p ← p·(1 − lr·wd) (or lr/initial_lr·wd) before the step.</summary>
public sealed class FlashSgdw : FlashSgd
{
    /// <summary>Creates FlashSGDW over parameters.</summary>
    public FlashSgdw(IEnumerable<Tensor> parameters, FlashSgdwOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates FlashSGDW over groups.</summary>
    public FlashSgdw(IEnumerable<ParamGroup> groups, FlashSgdwOptions? options = null) : base(groups, options ?? new FlashSgdwOptions()) { }

    /// <inheritdoc/>
    public override string Name => "FlashSGDW";

    /// <inheritdoc/>
    protected override bool DecoupledWeightDecay => true;
}
