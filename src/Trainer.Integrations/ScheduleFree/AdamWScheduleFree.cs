using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of <see cref="AdamWScheduleFree"/> (schedulefree's <c>AdamWScheduleFree</c>).</summary>
public sealed record AdamWScheduleFreeOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.0025;
    /// <summary>β1: the interpolation between z and x that gives y (also the eval/train lerp).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>β2: decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to the bias-corrected root of the second moment.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>Weight decay, evaluated at y and added to the normalised gradient.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Steps of the built-in linear warm-up (0 = none).</summary>
    public long WarmupSteps { get; init; }
    /// <summary>Power of the polynomial weighting (k+1)^r of the average.</summary>
    public double R { get; init; }
    /// <summary>The averaging weights are lr_max raised to this power.</summary>
    public double WeightLrPower { get; init; } = 2.0;
    /// <summary>Momentum of an extra first moment inside the Adam step (0 = none, no <c>exp_avg</c> state).</summary>
    public double InnerMomentum { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["r"] = R, ["k"] = 0L,
        ["warmup_steps"] = WarmupSteps, ["train_mode"] = false, ["weight_sum"] = 0.0, ["lr_max"] = -1.0,
        ["scheduled_lr"] = 0.0, ["weight_lr_power"] = WeightLrPower, ["weight_decay"] = WeightDecay,
        ["inner_momentum"] = InnerMomentum,
        // The loop and foreach paths are the same arithmetic; kept so upstream kwargs and state dicts match.
        ["foreach"] = false,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ScheduleFreeOptimizer.ValidateCommon(group);
        HyperParameters.Betas(group);
        ScheduleFreeOptimizer.PositiveInterpolation("betas", group.GetPair("betas").First);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.InRange(group, "inner_momentum", 0, 1);
    }
}

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
        expAvgSq.mul_(beta2).addcmul_(gradient, gradient, 1 - beta2);
        var denominator = expAvgSq.div(1 - Math.Pow(beta2, k + 1)).sqrt_().add_(group["eps"]);
        var innerMomentum = group["inner_momentum"];
        if (innerMomentum > 0)
        {
            // A group given inner_momentum after its state was created (e.g. by a loaded state dict) starts m at 0.
            var expAvg = state.TryTensor("exp_avg") ?? state.SetTensor("exp_avg", torch.zeros_like(parameter));
            expAvg.mul_(innerMomentum).add_(gradient, 1 - innerMomentum);
            gradient.copy_(expAvg).div_(1 - Math.Pow(innerMomentum, k + 1));
        }

        // Upstream normalises p.grad in place (visible to anything reading gradients after the step).
        gradient.div_(denominator);
        var decay = group["weight_decay"];
        if (decay != 0) gradient.add_(parameter, decay);
        MoveYAndZ(group, parameter, state.Tensor("z"), gradient);
    }
}
