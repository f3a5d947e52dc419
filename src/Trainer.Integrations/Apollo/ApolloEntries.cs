using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// The registry entries of the Apollo family (Transformers' <c>optim</c> name <c>apollo_adamw</c>). As Transformers'
/// <c>_setup_low_rank_optimizer</c>: groups <c>[non-target], [target Linear weights + rank, proj, scale_type,
/// update_proj_gap, scale, proj_type + the Trainer's adam betas/eps]</c> from the model and
/// <c>optim_target_modules</c>; the constructor gets only the learning rate, so the non-target group keeps the class
/// defaults (ε = 1e-6) and no weight decay applies. <c>OptimArgs</c> defaults: rank 128, proj "random", scale_type
/// "channel", update_proj_gap 200, scale 1.0, proj_type "std" (APOLLO-Mini: rank=1, scale_type=tensor, scale=128).
/// </summary>
public static class ApolloEntries
{
    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        new("apollo_adamw", "APOLLO AdamW: Adam moments of a random rank-r projection set per-channel (or per-tensor) gradient scales; "
                            + "state 4·(2mr + rn) bytes per m×n target weight (m ≥ n) (1.5 bytes/param at the default rank 128 on a 1024x1024 weight; "
                            + "APOLLO-Mini rank 1 ≈ 0), 8 bytes/param for non-target parameters. OptimArgs: rank, proj (random), "
                            + "scale_type (channel|tensor), update_proj_gap, scale, proj_type (std)", 1.5, LowRankArguments.Apollo,
            (request, arguments, _) => new ApolloAdamW(Groups(request, arguments, "apollo_adamw"), new ApolloAdamWOptions { LearningRate = request.LearningRate })),
    ];

    /// <summary>
    /// APOLLO's groups for a request (also used by the layer-wise variant's per-parameter optimizers): the low-rank
    /// keys bound from <c>OptimArgs</c> plus the Trainer's Adam betas and ε on the target group.
    /// </summary>
    internal static IReadOnlyList<ParamGroup> Groups(OptimizerRequest request, BoundArguments lowRank, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return LowRankArguments.Groups(request, lowRank, name, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["betas"] = new[] { request.AdamBeta1, request.AdamBeta2 },
            ["eps"] = request.AdamEpsilon,
        });
    }
}
