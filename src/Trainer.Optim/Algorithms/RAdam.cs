using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// torch.optim.RAdam (rectified Adam): while the variance estimate is unreliable (ρ_t ≤ 5) it takes
/// plain momentum steps; afterwards Adam steps scaled by the rectification term r_t.
/// </summary>
public class RAdam : PerParameterOptimizer
{
    /// <summary>Creates RAdam over parameters.</summary>
    public RAdam(IEnumerable<Tensor> parameters, RAdamOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates RAdam over groups.</summary>
    public RAdam(IEnumerable<ParamGroup> groups, RAdamOptions? options = null) : base(groups, options ?? new RAdamOptions()) { }

    /// <inheritdoc/>
    public override string Name => "RAdam";

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetTensor("exp_avg", torch.zeros_like(parameter));
        state.SetTensor("exp_avg_sq", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var step = state.Step + 1;
        state.Step = step;
        var (beta1, beta2) = group.GetPair("betas");
        var (lr, eps) = (group.LearningRate, group["eps"]);
        var grad = DescentDirection(group, parameter, gradient);
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        var expAvg = state.Tensor("exp_avg");
        var expAvgSq = state.Tensor("exp_avg_sq");
        expAvg.mul_(Scalars.Keep(beta1)).add_(grad, Scalars.Keep(1 - beta1));
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(grad, grad, Scalars.Keep(1 - beta2));
        var corrected = expAvg.div(Scalars.Keep(biasCorrection1));
        var rhoInf = 2 / (1 - beta2) - 1;
        var rhoT = rhoInf - 2 * step * Math.Pow(beta2, step) / biasCorrection2;
        if (rhoT > 5)
        {
            var rect = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
            var adaptive = expAvgSq.sqrt().add_(Scalars.Keep(eps)).reciprocal_().mul_(Scalars.Keep(Math.Sqrt(biasCorrection2)));
            parameter.add_(corrected.mul(Scalars.Keep(lr)).mul_(adaptive).mul_(Scalars.Keep(rect)), Scalars.Keep(-1.0));
        }
        else
        {
            parameter.add_(corrected.mul(Scalars.Keep(lr)), Scalars.Keep(-1.0));
        }
    }
}
