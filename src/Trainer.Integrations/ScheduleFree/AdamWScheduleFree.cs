using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// Schedule-Free AdamW (Defazio et al. 2024, facebookresearch/schedule_free <c>adamw_schedulefree.py</c>), per
/// group with k = steps taken: warm-up lr·(k+1)/warmup_steps; v ← β2·v + (1−β2)·g²;
/// ĝ = g / (sqrt(v / (1−β2^(k+1))) + ε) written into <c>p.grad</c> as upstream; ĝ += wd·y; then the shared y/z moves.
/// With <c>inner_momentum</c> μ &gt; 0, m ← μ·m + (1−μ)·g and ĝ = m / (1−μ^(k+1)) / d. State: <c>z</c>,
/// <c>exp_avg_sq</c> [, <c>exp_avg</c>].
/// </summary>
public class AdamWScheduleFree : ScheduleFreeOptimizer
{
    /// <summary>Creates the optimizer over parameters.</summary>
    public AdamWScheduleFree(IEnumerable<Tensor> parameters, AdamWScheduleFreeOptions? options = null)
        : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates the optimizer over groups.</summary>
    public AdamWScheduleFree(IEnumerable<ParamGroup> groups, AdamWScheduleFreeOptions? options = null)
        : base(groups, options ?? new AdamWScheduleFreeOptions()) { }

    /// <inheritdoc/>
    public override string Name => "AdamWScheduleFree";

    /// <inheritdoc/>
    protected override double Interpolation(ParamGroup group) => group.GetPair("betas").First;

    /// <inheritdoc/>
    protected override (double LearningRate, bool Normalize) Schedule(ParamGroup group, long k) => (WarmedUp(group, k), true);

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.SetTensor("z", parameter.clone());
        state.SetTensor("exp_avg_sq", torch.zeros_like(parameter));
        if (group["inner_momentum"] > 0) state.SetTensor("exp_avg", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (_, beta2) = group.GetPair("betas");
        var k = Current.K;
        var expAvgSq = state.Tensor("exp_avg_sq");
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(gradient, gradient, Scalars.Keep(1 - beta2));
        var denominator = expAvgSq.div(Scalars.Keep(1 - Math.Pow(beta2, k + 1))).sqrt_().add_(Scalars.Keep(group["eps"]));
        var innerMomentum = group["inner_momentum"];
        if (innerMomentum > 0)
        {
            // A group given inner_momentum after its state was created (e.g. by a loaded state dict) starts m at 0.
            var expAvg = state.TryTensor("exp_avg") ?? state.SetTensor("exp_avg", torch.zeros_like(parameter));
            expAvg.mul_(Scalars.Keep(innerMomentum)).add_(gradient, Scalars.Keep(1 - innerMomentum));
            gradient.copy_(expAvg).div_(Scalars.Keep(1 - Math.Pow(innerMomentum, k + 1)));
        }

        // Upstream normalises p.grad in place (visible to anything reading gradients after the step).
        gradient.div_(denominator);
        var decay = group["weight_decay"];
        if (decay != 0) gradient.add_(parameter, Scalars.Keep(decay));
        MoveYAndZ(group, parameter, state.Tensor("z"), gradient);
    }
}
