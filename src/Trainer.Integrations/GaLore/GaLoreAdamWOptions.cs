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

    /// <summary>The declared parameters, in AdamW's order.</summary>
    public static OptionsSchema<GaLoreAdamWOptions> Fields { get; } = new("AdamW", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Flag("correct_bias", o => o.CorrectBias, (o, v) => o with { CorrectBias = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        GaLoreProjector.ValidateGroup(group);
    }
}
