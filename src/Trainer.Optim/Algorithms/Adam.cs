using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// torch.optim.Adam: Adam with L2 weight decay added to the gradient (<c>g + weight_decay·p</c>), which then
/// also passes through the adaptive denominator; <see cref="AdamW"/> decouples it. A group with <c>fused</c>
/// set runs the fused native kernel (one pass over memory per tensor) instead of the op-by-op algorithm.
/// </summary>
public class Adam : PerParameterOptimizer
{
    /// <summary>Creates Adam over parameters.</summary>
    public Adam(IEnumerable<Tensor> parameters, AdamOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates Adam over groups.</summary>
    public Adam(IEnumerable<ParamGroup> groups, AdamOptions? options = null) : base(groups, options ?? new AdamOptions()) { }

    /// <inheritdoc/>
    public override string Name => "Adam";

    /// <summary>True for AdamW: weight decay shrinks the parameter instead of entering the gradient.</summary>
    protected virtual bool DecoupledWeightDecay => false;

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetTensor("exp_avg", torch.zeros_like(parameter));
        state.SetTensor("exp_avg_sq", torch.zeros_like(parameter));
        if (group.GetFlag("amsgrad")) state.SetTensor("max_exp_avg_sq", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override bool StepFused(ParamGroup group)
    {
        var batch = FusedEntries(group, (parameter, gradient, state) =>
        {
            state.Step += 1;
            return new Fused.AdamTensors(parameter, gradient, state.Tensor("exp_avg"), state.Tensor("exp_avg_sq"),
                state.TryTensor("max_exp_avg_sq"), state.Step);
        });
        var (beta1, beta2) = group.GetPair("betas");
        Fused.AdamStep(batch, group.LearningRate, beta1, beta2, group["eps"], group["weight_decay"],
            group.GetFlag("amsgrad"), group.GetFlag("maximize"), DecoupledWeightDecay);
        return true;
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        if (DecoupledWeightDecay)
        {
            DecayDecoupled(group, parameter);
            AdamStep.Apply(group, parameter, gradient, state, group.GetFlag("maximize"));
            return;
        }

        // maximize negates the gradient before the L2 term, as torch does.
        AdamStep.Apply(group, parameter, DescentDirection(group, parameter, gradient), state, maximize: false);
    }
}
