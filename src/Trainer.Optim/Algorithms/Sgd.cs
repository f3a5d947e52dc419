using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// torch.optim.SGD: d = g (+ weight_decay·p); with momentum, buf = d on the first step then
/// buf = μ·buf + (1 − dampening)·d; Nesterov uses d + μ·buf; p ← p − lr·d. A group with <c>fused</c> set runs
/// the fused kernel (one pass over memory per tensor).
/// </summary>
public class Sgd : PerParameterOptimizer
{
    /// <summary>Creates SGD over parameters.</summary>
    public Sgd(IEnumerable<Tensor> parameters, SgdOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates SGD over groups.</summary>
    public Sgd(IEnumerable<ParamGroup> groups, SgdOptions? options = null) : base(groups, options ?? new SgdOptions()) { }

    /// <inheritdoc/>
    public override string Name => "SGD";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    // PyTorch creates the momentum buffer from the first gradient (buf = d, no dampening), so there is
    // nothing to allocate before the first step.
    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state) { }

    /// <inheritdoc/>
    protected override bool StepFused(ParamGroup group)
    {
        var momentum = group["momentum"];
        var batch = FusedEntries(group, (parameter, gradient, state) =>
        {
            var buffer = momentum != 0 ? state.TryTensor("momentum_buffer") : null;
            var initialize = momentum != 0 && buffer is null;
            // The kernel writes the first buffer whole (buf = d), so it need not be cleared; laid out like the
            // gradient, as torch's clone of it is.
            if (initialize) buffer = state.SetTensor("momentum_buffer", torch.empty_like(gradient));
            return new Fused.SgdTensors(parameter, gradient, buffer, initialize);
        });
        Fused.SgdStep(batch, group.LearningRate, momentum, group["dampening"], group["weight_decay"],
            group.GetFlag("nesterov"), group.GetFlag("maximize"));
        return true;
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var d = DescentDirection(group, parameter, gradient);
        var momentum = group["momentum"];
        if (momentum != 0)
        {
            var buffer = state.TryTensor("momentum_buffer");
            if (buffer is null) buffer = state.SetTensor("momentum_buffer", d.clone());
            else buffer.mul_(Scalars.Keep(momentum)).add_(d, Scalars.Keep(1 - group["dampening"]));
            d = group.GetFlag("nesterov") ? d.add(buffer, Scalars.Keep(momentum)) : buffer;
        }

        parameter.add_(d, Scalars.Keep(-group.LearningRate));
    }
}
