using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

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
        if (decay != 0) gradient.add_(parameter, Scalars.Keep(decay));
        MoveYAndZ(group, parameter, state.Tensor("z"), gradient);
    }
}
