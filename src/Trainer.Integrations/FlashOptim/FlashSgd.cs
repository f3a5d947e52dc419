using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of FlashSGD (coupled L2 decay) and, with <see cref="Decoupled"/>, FlashSGDW.</summary>
public record FlashSgdOptions : FlashOptimizerOptions
{
    /// <summary>Momentum factor (0: plain SGD, no state).</summary>
    public double Momentum { get; init; }
    /// <summary>Dampening of the momentum (applied from the first step on).</summary>
    public double Dampening { get; init; }
    /// <summary>Weight decay (L2 through the gradient for FlashSGD, decoupled for FlashSGDW).</summary>
    public double WeightDecay { get; init; }
    /// <summary>Nesterov momentum (needs momentum and zero dampening).</summary>
    public bool Nesterov { get; init; }
    /// <summary>FlashSGDW only: decay scaled by lr/initial_lr instead of lr.</summary>
    public bool DecoupleLr { get; init; }

    /// <summary>True for FlashSGDW's decoupled decay (adds the <c>decouple_lr</c> key).</summary>
    protected virtual bool Decoupled => false;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults()
    {
        var defaults = new OrderedDictionary<string, object?>
        {
            ["lr"] = LearningRate, ["momentum"] = Momentum, ["dampening"] = Dampening, ["weight_decay"] = WeightDecay,
            ["nesterov"] = Nesterov,
        };
        if (Decoupled) defaults["decouple_lr"] = DecoupleLr;
        AddCommonDefaults(defaults);
        return defaults;
    }

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ValidateCommon(group);
        HyperParameters.NonNegative(group, "momentum");
        HyperParameters.NonNegative(group, "weight_decay");
        if (group.GetFlag("nesterov") && (group["momentum"] <= 0 || group["dampening"] != 0))
            throw new ArgumentOutOfRangeException("nesterov", "Nesterov momentum requires a momentum and zero dampening");
    }
}

/// <summary>
/// FlashSGD (eager path): g ← g + wd·p; with momentum m ← μ·m + (1 − dampening)·g from m = 0 (unlike torch.optim.SGD,
/// no first-step special case), p ← p − lr·m, or p ← p − lr·(g + μ·m) with Nesterov; without momentum p ← p − lr·g.
/// State: <c>momentum_buffer</c> when the group has momentum (+ <c>error_bits</c>).
/// </summary>
public class FlashSgd : FlashOptimizer
{
    /// <summary>Creates FlashSGD over parameters.</summary>
    public FlashSgd(IEnumerable<Tensor> parameters, FlashSgdOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates FlashSGD over groups.</summary>
    public FlashSgd(IEnumerable<ParamGroup> groups, FlashSgdOptions? options = null) : base(groups, options ?? new FlashSgdOptions()) { }

    /// <inheritdoc/>
    public override string Name => "FlashSGD";

    /// <summary>True when weight decay multiplies the parameter instead of entering the gradient.</summary>
    protected virtual bool DecoupledWeightDecay => false;

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    // Upstream allocates the buffer for every parameter when any group has momentum; per group is enough.
    /// <inheritdoc/>
    protected override IEnumerable<string> StateTensorNames(ParamGroup group) =>
        group["momentum"] > 0 ? ["momentum_buffer"] : [];

    /// <inheritdoc/>
    protected override void UpdateMaster(ParamGroup group, Tensor master, Tensor gradient, ParameterState state)
    {
        var lr = group.LearningRate;
        var momentum = group["momentum"];
        var g = gradient;
        if (!DecoupledWeightDecay && group["weight_decay"] > 0) g = g.add(master, group["weight_decay"]);
        var decay = DecoupledWeightDecay ? DecoupledDecay(group) : 0;
        if (momentum == 0 || !state.Contains("momentum_buffer"))
        {
            if (decay > 0) master.mul_(1 - decay);
            master.add_(g, -lr);
            return;
        }

        var buffer = ReadState(state, "momentum_buffer");
        buffer.mul_(momentum).add_(g, 1 - group["dampening"]);
        if (decay > 0) master.mul_(1 - decay);
        if (group.GetFlag("nesterov")) master.add_(g.add(buffer.mul(momentum)), -lr);
        else master.add_(buffer, -lr);
        WriteState(state, "momentum_buffer", buffer);
    }
}
