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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["weight_decay"] = WeightDecay,
        ["correct_bias"] = CorrectBias, ["scale_front"] = ScaleFront, ["disable_nl"] = DisableNl,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.NonNegative(group, "weight_decay");
        if (!group.ContainsKey("rank")) return;
        var rank = group["rank"];
        if (!(rank >= 1) || rank != Math.Floor(rank))
            throw new ArgumentOutOfRangeException("rank", rank, $"Invalid rank: {rank} (must be an integer >= 1)");
        var gap = group["update_proj_gap"];
        if (!(gap >= 1) || gap != Math.Floor(gap))
            throw new ArgumentOutOfRangeException("update_proj_gap", gap, $"Invalid update_proj_gap: {gap} (must be an integer >= 1)");
        HyperParameters.NonNegative(group, "scale");
        Choice(group, "scale_type", "channel", "tensor");
        Choice(group, "proj", "random", "svd");
        // Other sides (reverse_std/left/right/full) would not fit the channel-scaling axis, which follows the std side.
        Choice(group, "proj_type", "std");
    }

    private static void Choice(ParamGroup group, string key, params string[] allowed)
    {
        var value = group.GetValue(key) as string;
        if (value is null || !allowed.Contains(value))
            throw new ArgumentOutOfRangeException(key, group.GetValue(key),
                $"Invalid {key}: '{group.GetValue(key)}' (supported: {string.Join(", ", allowed.Select(a => $"'{a}'"))})");
    }
}
