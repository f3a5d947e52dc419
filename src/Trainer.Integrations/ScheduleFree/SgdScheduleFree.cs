using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of <see cref="SgdScheduleFree"/> (schedulefree's <c>SGDScheduleFree</c>).</summary>
public sealed record SgdScheduleFreeOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1.0;
    /// <summary>The interpolation between z and x that gives y, in (0, 1) exclusive.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Weight decay, evaluated at y and added to the gradient.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Steps of the built-in linear warm-up (0 = none).</summary>
    public long WarmupSteps { get; init; }
    /// <summary>Power of the polynomial weighting (k+1)^r of the average.</summary>
    public double R { get; init; }
    /// <summary>The averaging weights are lr_max raised to this power.</summary>
    public double WeightLrPower { get; init; } = 2.0;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["momentum"] = Momentum, ["r"] = R, ["k"] = 0L, ["warmup_steps"] = WarmupSteps,
        ["train_mode"] = false, ["weight_sum"] = 0.0, ["lr_max"] = -1.0, ["scheduled_lr"] = 0.0,
        ["weight_lr_power"] = WeightLrPower, ["weight_decay"] = WeightDecay,
        // The loop and foreach paths are the same arithmetic; kept so upstream kwargs and state dicts match.
        ["foreach"] = false,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ScheduleFreeOptimizer.ValidateCommon(group);
        ScheduleFreeOptimizer.PositiveInterpolation("momentum", group["momentum"]);
    }
}

/// <summary>
/// Schedule-Free SGD (facebookresearch/schedule_free <c>sgd_schedulefree.py</c>): warm-up lr·(k+1)/warmup_steps;
/// ĝ = g + wd·y (written into <c>p.grad</c> as upstream); y ← lerp(y, z, c); y ← y + lr·(μ(1−c) − 1)·ĝ;
/// z ← z − lr·ĝ with μ = <c>momentum</c>. State: <c>z</c>.
/// </summary>
public class SgdScheduleFree : ScheduleFreeOptimizer
{
    /// <summary>Creates the optimizer over parameters.</summary>
    public SgdScheduleFree(IEnumerable<Tensor> parameters, SgdScheduleFreeOptions? options = null)
        : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates the optimizer over groups.</summary>
    public SgdScheduleFree(IEnumerable<ParamGroup> groups, SgdScheduleFreeOptions? options = null)
        : base(groups, options ?? new SgdScheduleFreeOptions()) { }

    /// <inheritdoc/>
    public override string Name => "SGDScheduleFree";

    /// <inheritdoc/>
    protected override double Interpolation(ParamGroup group) => group["momentum"];

    /// <inheritdoc/>
    protected override (double LearningRate, bool Normalize) Schedule(ParamGroup group, long k) => (WarmedUp(group, k), false);

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state) =>
        state.SetTensor("z", parameter.clone());

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var decay = group["weight_decay"];
        if (decay != 0) gradient.add_(parameter, decay);
        MoveYAndZ(group, parameter, state.Tensor("z"), gradient);
    }
}
