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

    /// <summary>The declared parameters, in Rprop's order.</summary>
    public static OptionsSchema<RpropOptions> Fields { get; } = new("Rprop", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("etas", o => (o.EtaMinus, o.EtaPlus), (o, v) => o with { EtaMinus = v.First, EtaPlus = v.Second }),
        f.Pair("step_sizes", o => (o.StepSizeMin, o.StepSizeMax), (o, v) => o with { StepSizeMin = v.First, StepSizeMax = v.Second }),
        f.Internal("foreach", _ => null),
        f.Flag("maximize", o => o.Maximize, (o, v) => o with { Maximize = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        var (minus, plus) = group.GetPair("etas");
        if (!(0 < minus && minus < 1 && 1 < plus))
            throw new ArgumentOutOfRangeException("etas", $"Invalid eta values: {minus}, {plus} (need 0 < etaminus < 1 < etaplus)");
    }
}
