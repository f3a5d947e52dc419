using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// LAMB (You et al., paper v3), as Cerebras implements it: Adam moments without bias correction,
/// r = m/(sqrt(v)+ε) + wd·p, and a per-tensor trust ratio min(‖p‖, 10)/‖r‖ (1 when either norm is 0);
/// p ← p − lr·trust·r. State: <c>exp_avg</c>, <c>exp_avg_sq</c>. A group with <c>fused</c> set runs the fused
/// kernel (two passes over memory per tensor).
/// </summary>
public class Lamb : PerParameterOptimizer
{
    /// <summary>Creates Lamb over parameters.</summary>
    public Lamb(IEnumerable<Tensor> parameters, LambOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates Lamb over groups.</summary>
    public Lamb(IEnumerable<ParamGroup> groups, LambOptions? options = null) : base(groups, options ?? new LambOptions()) { }

    /// <inheritdoc/>
    public override string Name => "Lamb";

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.SetTensor("exp_avg", torch.zeros_like(parameter));
        state.SetTensor("exp_avg_sq", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override bool StepFused(ParamGroup group)
    {
        var batch = FusedEntries(group, (parameter, gradient, state) =>
            new Fused.LambTensors(parameter, gradient, state.Tensor("exp_avg"), state.Tensor("exp_avg_sq")));
        var (beta1, beta2) = group.GetPair("betas");
        Fused.LambStep(batch, group.LearningRate, beta1, beta2, group["eps"], group["weight_decay"], group.GetFlag("adam"));
        return true;
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (beta1, beta2) = group.GetPair("betas");
        var expAvg = state.Tensor("exp_avg");
        var expAvgSq = state.Tensor("exp_avg_sq");
        expAvg.mul_(Scalars.Keep(beta1)).add_(gradient, Scalars.Keep(1 - beta1));
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(gradient, gradient, Scalars.Keep(1 - beta2));
        var adamStep = expAvg.div(expAvgSq.sqrt().add_(Scalars.Keep(group["eps"])));
        var weightDecay = group["weight_decay"];
        if (weightDecay != 0) adamStep.add_(parameter, Scalars.Keep(weightDecay));
        double trust = 1;
        if (!group.GetFlag("adam"))
        {
            // The clamp is on the weight norm (to [0, 10]), not on the ratio.
            var weightNorm = Math.Min(parameter.norm().ReadDouble(), 10);
            var adamNorm = adamStep.norm().ReadDouble();
            trust = weightNorm > 0 && adamNorm > 0 ? (float)weightNorm / (float)adamNorm : 1;
        }

        parameter.add_(adamStep, Scalars.Keep(-group.LearningRate * trust));
    }
}
