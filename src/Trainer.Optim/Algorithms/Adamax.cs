using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>torch.optim.Adamax: m ← β1·m + (1−β1)·g; u ← max(β2·u, |g| + ε); p ← p − lr/(1−β1^t)·m/u.</summary>
public class Adamax : PerParameterOptimizer
{
    /// <summary>Creates Adamax over parameters.</summary>
    public Adamax(IEnumerable<Tensor> parameters, AdamaxOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates Adamax over groups.</summary>
    public Adamax(IEnumerable<ParamGroup> groups, AdamaxOptions? options = null) : base(groups, options ?? new AdamaxOptions()) { }

    /// <inheritdoc/>
    public override string Name => "Adamax";

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetTensor("exp_avg", torch.zeros_like(parameter));
        state.SetTensor("exp_inf", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var step = state.Step + 1;
        state.Step = step;
        var (beta1, beta2) = group.GetPair("betas");
        var grad = DescentDirection(group, parameter, gradient);
        var expAvg = state.Tensor("exp_avg");
        var expInf = state.Tensor("exp_inf");
        expAvg.mul_(Scalars.Keep(beta1)).add_(grad, Scalars.Keep(1 - beta1));
        expInf.mul_(Scalars.Keep(beta2));
        expInf.copy_(expInf.maximum(grad.abs().add_(Scalars.Keep(group["eps"]))));
        parameter.addcdiv_(expAvg, expInf, Scalars.Keep(-group.LearningRate / (1 - Math.Pow(beta1, step))));
    }
}
