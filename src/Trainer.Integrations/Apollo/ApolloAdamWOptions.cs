using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// Class defaults of APOLLO's AdamW (zhuhanqing/APOLLO <c>apollo_torch/apollo.py</c>). The low-rank keys
/// (<c>rank</c>, <c>proj</c>, <c>scale_type</c>, <c>update_proj_gap</c>, <c>scale</c>, <c>proj_type</c>) are not
/// defaults: only groups that carry them are projected.
/// </summary>
public sealed record ApolloAdamWOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to sqrt(v) (not bias-corrected; Hugging Face legacy AdamW form).</summary>
    public double Eps { get; init; } = 1e-6;
    /// <summary>Decoupled weight decay, applied after the update.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Bias correction folded into the step size.</summary>
    public bool CorrectBias { get; init; } = true;
    /// <summary>Multiply the scaled gradient by sqrt(scale) before the norm-growth limiter instead of after.</summary>
    public bool ScaleFront { get; init; }
    /// <summary>Disables the norm-growth limiter.</summary>
    public bool DisableNl { get; init; }

    /// <summary>The declared parameters, in AdamW's order.</summary>
    public static OptionsSchema<ApolloAdamWOptions> Fields { get; } = new("AdamW", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Flag("correct_bias", o => o.CorrectBias, (o, v) => o with { CorrectBias = v }),
        f.Flag("scale_front", o => o.ScaleFront, (o, v) => o with { ScaleFront = v }),
        f.Flag("disable_nl", o => o.DisableNl, (o, v) => o with { DisableNl = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        // Only groups that carry the low-rank keys are projected; theirs follow the entry's declared rules.
        if (group.ContainsKey("rank")) LowRankArguments.Apollo.Validate(group);
    }
}
