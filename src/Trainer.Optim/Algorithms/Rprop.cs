using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// torch.optim.Rprop: each element's step size grows by η+ while the gradient keeps its sign and shrinks by
/// η− when it flips (that element then skips its update); p ← p − sign(g)·step_size. Unlike Cerebras, the
/// caller's gradient is never modified.
/// </summary>
public class Rprop : PerParameterOptimizer
{
    /// <summary>Creates Rprop over parameters.</summary>
    public Rprop(IEnumerable<Tensor> parameters, RpropOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates Rprop over groups.</summary>
    public Rprop(IEnumerable<ParamGroup> groups, RpropOptions? options = null) : base(groups, options ?? new RpropOptions()) { }

    /// <inheritdoc/>
    public override string Name => "Rprop";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    /// <inheritdoc/>
    protected override IReadOnlySet<string> IntegerScalarNames => Adadelta.StepAsInteger;

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetTensor("prev", torch.zeros_like(parameter));
        state.SetTensor("step_size", torch.full_like(parameter, Scalars.Keep(group.LearningRate)));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        state.Step += 1;
        var (etaMinus, etaPlus) = group.GetPair("etas");
        var (minStep, maxStep) = group.GetPair("step_sizes");
        var grad = group.GetFlag("maximize") ? gradient.neg() : gradient.clone();
        var prev = state.Tensor("prev");
        var stepSize = state.Tensor("step_size");
        var sign = grad.mul(prev).sign();
        var factor = torch.where(sign.gt(Scalars.Keep(0)), torch.full_like(sign, Scalars.Keep(etaPlus)), torch.where(sign.lt(Scalars.Keep(0)), torch.full_like(sign, Scalars.Keep(etaMinus)), torch.ones_like(sign)));
        stepSize.mul_(factor).clamp_(Scalars.Keep(minStep), Scalars.Keep(maxStep));
        grad.masked_fill_(sign.lt(Scalars.Keep(0)), Scalars.Keep(0));
        parameter.addcmul_(grad.sign(), stepSize, Scalars.Keep(-1));
        prev.copy_(grad);
    }
}
