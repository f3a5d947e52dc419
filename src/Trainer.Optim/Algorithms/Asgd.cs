using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// torch.optim.ASGD (averaged SGD): p ← p·(1 − λ·η) − η·g; the average <c>ax</c> follows p with weight μ;
/// η = lr/(1 + λ·lr·t)^α and μ = 1/max(1, t − t0) after each step.
/// </summary>
public class Asgd : PerParameterOptimizer
{
    private static readonly IReadOnlySet<string> TensorScalars = new HashSet<string>(StringComparer.Ordinal) { "step", "eta", "mu" };

    /// <summary>Creates ASGD over parameters.</summary>
    public Asgd(IEnumerable<Tensor> parameters, AsgdOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates ASGD over groups.</summary>
    public Asgd(IEnumerable<ParamGroup> groups, AsgdOptions? options = null) : base(groups, options ?? new AsgdOptions()) { }

    /// <inheritdoc/>
    public override string Name => "ASGD";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => TensorScalars;

    // torch 1.13 keeps eta and mu in float32 tensors; rounding them the same way keeps trajectories equal.
    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetScalar("eta", (float)group.LearningRate);
        state.SetScalar("mu", 1.0);
        state.SetTensor("ax", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var step = state.Step + 1;
        state.Step = step;
        var (lr, lambd, alpha, t0) = (group.LearningRate, group["lambd"], group["alpha"], group["t0"]);
        var grad = DescentDirection(group, parameter, gradient);
        var eta = state.Scalar("eta");
        var mu = state.Scalar("mu");
        parameter.mul_(Scalars.Keep(1 - lambd * eta));
        parameter.add_(grad, Scalars.Keep(-eta));
        var ax = state.Tensor("ax");
        if (mu != 1) ax.add_(parameter.sub(ax).mul(Scalars.Keep(mu)));
        else ax.copy_(parameter);
        state.SetScalar("eta", (float)(lr / Math.Pow(1 + lambd * lr * step, alpha)));
        state.SetScalar("mu", (float)(1 / Math.Max(1, step - t0)));
    }
}
