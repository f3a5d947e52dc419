using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// torch.optim.Adadelta: E[g²] ← ρ·E[g²] + (1−ρ)·g²; Δ = sqrt(E[Δ²] + ε)/sqrt(E[g²] + ε)·g;
/// E[Δ²] ← ρ·E[Δ²] + (1−ρ)·Δ²; p ← p − lr·Δ.
/// </summary>
public class Adadelta : PerParameterOptimizer
{
    /// <summary>Creates Adadelta over parameters.</summary>
    public Adadelta(IEnumerable<Tensor> parameters, AdadeltaOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates Adadelta over groups.</summary>
    public Adadelta(IEnumerable<ParamGroup> groups, AdadeltaOptions? options = null) : base(groups, options ?? new AdadeltaOptions()) { }

    /// <inheritdoc/>
    public override string Name => "Adadelta";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    /// <inheritdoc/>
    protected override IReadOnlySet<string> IntegerScalarNames => StepAsInteger;

    /// <summary>Only <c>step</c>, as a Python int.</summary>
    internal static readonly IReadOnlySet<string> StepAsInteger = new HashSet<string>(StringComparer.Ordinal) { "step" };

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetTensor("square_avg", torch.zeros_like(parameter));
        state.SetTensor("acc_delta", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        state.Step += 1;
        var (rho, eps) = (group["rho"], group["eps"]);
        var grad = DescentDirection(group, parameter, gradient);
        var squareAvg = state.Tensor("square_avg");
        var accDelta = state.Tensor("acc_delta");
        squareAvg.mul_(Scalars.Keep(rho)).addcmul_(grad, grad, Scalars.Keep(1 - rho));
        var std = squareAvg.add(Scalars.Keep(eps)).sqrt_();
        var delta = accDelta.add(Scalars.Keep(eps)).sqrt_().div_(std).mul_(grad);
        accDelta.mul_(Scalars.Keep(rho)).addcmul_(delta, delta, Scalars.Keep(1 - rho));
        parameter.add_(delta, Scalars.Keep(-group.LearningRate));
    }
}
