using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"): p ← p·(1 − lr·wd);
/// p ← p − lr·sign(β1·m + (1−β1)·g) (sign(0) = 0); m ← β2·m + (1−β2)·g. State: <c>exp_avg</c>.
/// A group with <c>fused</c> set runs the fused kernel (one pass over memory per tensor).
/// </summary>
public class Lion : PerParameterOptimizer
{
    /// <summary>Creates Lion over parameters.</summary>
    public Lion(IEnumerable<Tensor> parameters, LionOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates Lion over groups.</summary>
    public Lion(IEnumerable<ParamGroup> groups, LionOptions? options = null) : base(groups, options ?? new LionOptions()) { }

    /// <inheritdoc/>
    public override string Name => "Lion";

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state) =>
        state.SetTensor("exp_avg", torch.zeros_like(parameter));

    /// <inheritdoc/>
    protected override bool StepFused(ParamGroup group)
    {
        var batch = FusedEntries(group, (parameter, gradient, state) => new Fused.LionTensors(parameter, gradient, state.Tensor("exp_avg")));
        var (beta1, beta2) = group.GetPair("betas");
        Fused.LionStep(batch, group.LearningRate, beta1, beta2, group["weight_decay"]);
        return true;
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (beta1, beta2) = group.GetPair("betas");
        var lr = group.LearningRate;
        DecayDecoupled(group, parameter);
        var expAvg = state.Tensor("exp_avg");
        var direction = expAvg.mul(Scalars.Keep(beta1)).add_(gradient, Scalars.Keep(1 - beta1)).sign_();
        parameter.add_(direction, Scalars.Keep(-lr));
        expAvg.mul_(Scalars.Keep(beta2)).add_(gradient, Scalars.Keep(1 - beta2));
    }
}
