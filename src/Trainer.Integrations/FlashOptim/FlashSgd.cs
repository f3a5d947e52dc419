using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// FlashSGD (eager path): g ← g + wd·p; with momentum m ← μ·m + (1 − dampening)·g from m = 0 (unlike torch.optim.SGD,
/// no first-step special case), p ← p − lr·m, or p ← p − lr·(g + μ·m) with Nesterov; without momentum p ← p − lr·g.
/// State: <c>momentum_buffer</c> when the group has momentum (+ <c>error_bits</c>).
/// </summary>
public class FlashSgd : FlashOptimizer
{
    /// <summary>Creates FlashSGD over parameters.</summary>
    public FlashSgd(IEnumerable<Tensor> parameters, FlashSgdOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates FlashSGD over groups.</summary>
    public FlashSgd(IEnumerable<ParamGroup> groups, FlashSgdOptions? options = null) : base(groups, options ?? new FlashSgdOptions()) { }

    /// <inheritdoc/>
    public override string Name => "FlashSGD";

    /// <summary>True when weight decay multiplies the parameter instead of entering the gradient.</summary>
    protected virtual bool DecoupledWeightDecay => false;

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    // Upstream allocates the buffer for every parameter when any group has momentum; per group is enough.
    /// <inheritdoc/>
    protected override IEnumerable<string> StateTensorNames(ParamGroup group) =>
        group["momentum"] > 0 ? ["momentum_buffer"] : [];

    /// <inheritdoc/>
    protected override void UpdateMaster(ParamGroup group, Tensor master, Tensor gradient, ParameterState state)
    {
        var lr = group.LearningRate;
        var momentum = group["momentum"];
        var g = gradient;
        if (!DecoupledWeightDecay && group["weight_decay"] > 0) g = g.add(master, Scalars.Keep(group["weight_decay"]));
        var decay = DecoupledWeightDecay ? DecoupledDecay(group) : 0;
        if (momentum == 0 || !state.Contains("momentum_buffer"))
        {
            if (decay > 0) master.mul_(Scalars.Keep(1 - decay));
            master.add_(g, Scalars.Keep(-lr));
            return;
        }

        var buffer = ReadState(state, "momentum_buffer");
        buffer.mul_(Scalars.Keep(momentum)).add_(g, Scalars.Keep(1 - group["dampening"]));
        if (decay > 0) master.mul_(Scalars.Keep(1 - decay));
        if (group.GetFlag("nesterov")) master.add_(g.add(buffer.mul(Scalars.Keep(momentum))), Scalars.Keep(-lr));
        else master.add_(buffer, Scalars.Keep(-lr));
        WriteState(state, "momentum_buffer", buffer);
    }
}
