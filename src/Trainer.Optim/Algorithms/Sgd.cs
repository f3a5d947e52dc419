using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// torch.optim.SGD: d = g (+ weight_decay·p); with momentum, buf = d on the first step then
/// buf = μ·buf + (1 − dampening)·d; Nesterov uses d + μ·buf; p ← p − lr·d.
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
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var d = DescentDirection(group, parameter, gradient);
        var momentum = group["momentum"];
        if (momentum != 0)
        {
            var buffer = state.TryTensor("momentum_buffer");
            if (buffer is null) buffer = state.SetTensor("momentum_buffer", d.clone());
            else buffer.mul_(momentum).add_(d, 1 - group["dampening"]);
            d = group.GetFlag("nesterov") ? d.add(buffer, momentum) : buffer;
        }

        parameter.add_(d, -group.LearningRate);
    }
}
