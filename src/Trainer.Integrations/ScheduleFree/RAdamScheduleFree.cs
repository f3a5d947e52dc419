using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// Schedule-Free RAdam (facebookresearch/schedule_free <c>radam_schedulefree.py</c>): no warm-up; with
/// step = k+1, ρ∞ = 2/(1−β2) − 1 and ρt = ρ∞ − 2·step·β2^step/(1−β2^step), the learning rate is lr·rect where
/// rect = sqrt((ρt−4)(ρt−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρt)) when ρt &gt; 4, else 0 (<c>silent_sgd_phase</c>) or 1; the gradient
/// is normalised by sqrt(v/(1−β2^step)) + ε only when ρt &gt; 4. State: <c>z</c>, <c>exp_avg_sq</c>.
/// </summary>
public class RAdamScheduleFree : ScheduleFreeOptimizer
{
    /// <summary>Creates the optimizer over parameters.</summary>
    public RAdamScheduleFree(IEnumerable<Tensor> parameters, RAdamScheduleFreeOptions? options = null)
        : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates the optimizer over groups.</summary>
    public RAdamScheduleFree(IEnumerable<ParamGroup> groups, RAdamScheduleFreeOptions? options = null)
        : base(groups, options ?? new RAdamScheduleFreeOptions()) { }

    /// <inheritdoc/>
    public override string Name => "RAdamScheduleFree";

    /// <inheritdoc/>
    protected override double Interpolation(ParamGroup group) => group.GetPair("betas").First;

    /// <inheritdoc/>
    protected override (double LearningRate, bool Normalize) Schedule(ParamGroup group, long k)
    {
        var (_, beta2) = group.GetPair("betas");
        var step = k + 1;
        var beta2T = Math.Pow(beta2, step);
        var biasCorrection2 = 1 - beta2T;
        var rhoInf = 2 / (1 - beta2) - 1;
        var rhoT = rhoInf - 2 * step * beta2T / biasCorrection2;
        if (rhoT > 4.0)
        {
            var rect = Math.Pow((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT), 0.5);
            return (group.LearningRate * rect, true);
        }

        return (group.LearningRate * (group.GetFlag("silent_sgd_phase") ? 0.0 : 1.0), false);
    }

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.SetTensor("z", parameter.clone());
        state.SetTensor("exp_avg_sq", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (_, beta2) = group.GetPair("betas");
        var expAvgSq = state.Tensor("exp_avg_sq");
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(gradient, gradient, Scalars.Keep(1 - beta2));
        if (Current.Normalize)
        {
            var denominator = expAvgSq.div(Scalars.Keep(1 - Math.Pow(beta2, Current.K + 1))).sqrt_().add_(Scalars.Keep(group["eps"]));
            // Upstream normalises p.grad in place (visible to anything reading gradients after the step).
            gradient.div_(denominator);
        }

        var decay = group["weight_decay"];
        if (decay != 0) gradient.add_(parameter, Scalars.Keep(decay));
        MoveYAndZ(group, parameter, state.Tensor("z"), gradient);
    }
}
