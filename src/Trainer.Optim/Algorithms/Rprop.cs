using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of torch.optim.Rprop.</summary>
public sealed record RpropOptions : OptimizerOptions
{
    /// <summary>Initial step size (1e-2 in PyTorch, 1e-3 in Cerebras).</summary>
    public double LearningRate { get; init; } = 1e-2;
    /// <summary>Multiplicative decrease factor.</summary>
    public double EtaMinus { get; init; } = 0.5;
    /// <summary>Multiplicative increase factor.</summary>
    public double EtaPlus { get; init; } = 1.2;
    /// <summary>Smallest step size.</summary>
    public double StepSizeMin { get; init; } = 1e-6;
    /// <summary>Largest step size.</summary>
    public double StepSizeMax { get; init; } = 50;
    /// <summary>Maximize the objective.</summary>
    public bool Maximize { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["etas"] = new[] { EtaMinus, EtaPlus }, ["step_sizes"] = new[] { StepSizeMin, StepSizeMax },
        ["foreach"] = null, ["maximize"] = Maximize,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        var (minus, plus) = group.GetPair("etas");
        if (!(0 < minus && minus < 1 && 1 < plus))
            throw new ArgumentOutOfRangeException("etas", $"Invalid eta values: {minus}, {plus} (need 0 < etaminus < 1 < etaplus)");
    }
}

/// <summary>
/// torch.optim.Rprop: each element's step size grows by η+ while the gradient keeps its sign and shrinks by
/// η− when it flips (that element then skips its update); p ← p − sign(g)·step_size. Unlike Cerebras, the
/// caller's gradient is never modified.
/// </summary>
public class Rprop : Optimizer
{
    /// <summary>Creates Rprop over parameters.</summary>
    public Rprop(IEnumerable<Tensor> parameters, RpropOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates Rprop over groups.</summary>
    public Rprop(IEnumerable<ParamGroup> groups, RpropOptions? options = null) : base(groups, options ?? new RpropOptions()) { }

    /// <inheritdoc/>
    public override string Name => "Rprop";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    /// <inheritdoc/>
    protected override IReadOnlySet<string> IntegerScalarNames => Adadelta.StepAsInteger;

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetTensor("prev", torch.zeros_like(parameter));
        state.SetTensor("step_size", torch.full_like(parameter, group.LearningRate));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        state.Step += 1;
        var (etaMinus, etaPlus) = group.GetPair("etas");
        var (minStep, maxStep) = group.GetPair("step_sizes");
        var grad = group.GetFlag("maximize") ? gradient.neg() : gradient.clone();
        var prev = state.Tensor("prev");
        var stepSize = state.Tensor("step_size");
        var sign = grad.mul(prev).sign();
        var factor = torch.where(sign.gt(0), torch.full_like(sign, etaPlus), torch.where(sign.lt(0), torch.full_like(sign, etaMinus), torch.ones_like(sign)));
        stepSize.mul_(factor).clamp_(minStep, maxStep);
        grad.masked_fill_(sign.lt(0), 0);
        parameter.addcmul_(grad.sign(), stepSize, -1);
        prev.copy_(grad);
    }
}
