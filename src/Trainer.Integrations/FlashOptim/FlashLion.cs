using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// FlashLion (eager path): u = sign(lerp(m, g, 1 − β1)); p ← p·(1 − lr·wd) − lr·u; m ← lerp(m, g, 1 − β2).
/// State: <c>exp_avg</c> (+ <c>error_bits</c>).
/// </summary>
public sealed class FlashLion : FlashOptimizer
{
    /// <summary>Creates FlashLion over parameters.</summary>
    public FlashLion(IEnumerable<Tensor> parameters, FlashLionOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates FlashLion over groups.</summary>
    public FlashLion(IEnumerable<ParamGroup> groups, FlashLionOptions? options = null) : base(groups, options ?? new FlashLionOptions()) { }

    /// <inheritdoc/>
    public override string Name => "FlashLion";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    /// <inheritdoc/>
    protected override IEnumerable<string> StateTensorNames(ParamGroup group) => ["exp_avg"];

    /// <inheritdoc/>
    protected override void UpdateMaster(ParamGroup group, Tensor master, Tensor gradient, ParameterState state)
    {
        var (beta1, beta2) = group.GetPair("betas");
        var lr = group.LearningRate;
        var expAvg = ReadState(state, "exp_avg");
        var update = expAvg.lerp(gradient, 1 - beta1).sign_();
        var decay = DecoupledDecay(group);
        if (decay > 0) master.mul_(Scalars.Keep(1 - decay));
        master.add_(update, Scalars.Keep(-lr));
        expAvg.lerp_(gradient, 1 - beta2);
        WriteState(state, "exp_avg", expAvg);
    }
}
