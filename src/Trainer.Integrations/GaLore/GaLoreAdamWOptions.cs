using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of GaLore's AdamW (<c>galore_torch.GaLoreAdamW</c>): the Hugging Face legacy AdamW defaults.</summary>
public sealed record GaLoreAdamWOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to sqrt(v) (not bias-corrected).</summary>
    public double Eps { get; init; } = 1e-6;
    /// <summary>Decoupled weight decay, applied after the update.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Fold the bias corrections into the step size.</summary>
    public bool CorrectBias { get; init; } = true;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["weight_decay"] = WeightDecay,
        ["correct_bias"] = CorrectBias,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.NonNegative(group, "weight_decay");
        GaLoreProjector.ValidateGroup(group);
    }
}
