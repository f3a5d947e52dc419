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
    private static readonly string[] Keys = ["rank", "proj", "scale_type", "update_proj_gap", "scale", "proj_type"];

    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        new("apollo_adamw", "APOLLO AdamW: Adam moments of a random rank-r projection set per-channel (or per-tensor) gradient scales; "
                            + "state 4·(2mr + rn) bytes per m×n target weight (m ≥ n) (1.5 bytes/param at the default rank 128 on a 1024x1024 weight; "
                            + "APOLLO-Mini rank 1 ≈ 0), 8 bytes/param for non-target parameters. OptimArgs: rank, proj (random), "
                            + "scale_type (channel|tensor), update_proj_gap, scale, proj_type (std)", 1.5,
            (request, _) => Create(request)),
    ];

    /// <summary>Builds APOLLO for a request (also used by the layer-wise variant's per-parameter optimizers).</summary>
    public static IReadOnlyList<ParamGroup> Groups(OptimizerRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model as torch.nn.Module
                    ?? throw new ArgumentException($"optim '{name}' groups the model's parameters itself: the request's Model must be a torch.nn.Module, got {request.Model?.GetType().Name ?? "null"}", nameof(request));
        var targets = request.Settings.GetValueOrDefault("optim_target_modules") as OptimTargetModules
                      ?? throw new ArgumentException($"optim '{name}' needs optim_target_modules (which Linear modules to project), e.g. \"all-linear\" or a list of module names", nameof(request));
        var args = request.OptimArgs;
        foreach (var key in args.Values.Keys)
            if (!Keys.Contains(key))
                throw OptimArgs.NotAnArgument(key, name, Keys);
        var (others, projected) = targets.Split(model);
        var lowRank = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["rank"] = (double)args.GetInt("rank", 128),
            ["proj"] = args.GetString("proj", "random"),
            ["scale_type"] = args.GetString("scale_type", "channel"),
            ["update_proj_gap"] = (double)args.GetInt("update_proj_gap", 200),
            ["scale"] = args.GetDouble("scale", 1.0),
            ["proj_type"] = args.GetString("proj_type", "std"),
            ["betas"] = new[] { request.AdamBeta1, request.AdamBeta2 },
            ["eps"] = request.AdamEpsilon,
        };
        return [new ParamGroup(others), new ParamGroup(projected, lowRank)];
    }

    private static ApolloAdamW Create(OptimizerRequest request) =>
        new(Groups(request, "apollo_adamw"), new ApolloAdamWOptions { LearningRate = request.LearningRate });
}
