using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// FlashAdamW (eager path): FlashAdam with decoupled decay p ← p·(1 − lr·wd) (or lr/initial_lr·wd with
/// <c>decouple_lr</c>) applied to the float32 master right before the Adam step.
/// </summary>
public sealed class FlashAdamW : FlashAdam
{
    /// <summary>Creates FlashAdamW over parameters.</summary>
    public FlashAdamW(IEnumerable<Tensor> parameters, FlashAdamWOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates FlashAdamW over groups.</summary>
    public FlashAdamW(IEnumerable<ParamGroup> groups, FlashAdamWOptions? options = null) : base(groups, options ?? new FlashAdamWOptions()) { }

    /// <inheritdoc/>
    public override string Name => "FlashAdamW";

    /// <inheritdoc/>
    protected override bool DecoupledWeightDecay => true;
}
