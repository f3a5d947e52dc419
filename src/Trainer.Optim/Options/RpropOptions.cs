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
