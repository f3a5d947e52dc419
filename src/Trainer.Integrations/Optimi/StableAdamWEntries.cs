using Training.Optim;

namespace Training.Integrations;

/// <summary>The registry entries of the StableAdamW family (Transformers' <c>optim</c> names).</summary>
public static class StableAdamWEntries
{
    /// <summary>The <c>optim_args</c> keys <c>stable_adamw</c> takes.</summary>
    public static IReadOnlyList<string> OptimArgKeys { get; } = ["decouple_lr", "max_lr", "kahan_sum"];

    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        new("stable_adamw",
            "torch-optimi StableAdamW: AdamW with per-tensor RMS update clipping, debiased betas, Kahan summation for bf16/fp16; optim_args decouple_lr, max_lr, kahan_sum",
            8, (request, _) => Create(request)),
    ];

    /// <summary>
    /// Builds StableAdamW as Transformers' handler does: lr, betas = (adam_beta1, adam_beta2), eps = adam_epsilon,
    /// weight_decay = args.weight_decay (the Trainer's groups carry it too), and the optim_args.
    /// </summary>
    public static StableAdamW Create(OptimizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var args = request.OptimArgs;
        var options = new StableAdamWOptions
        {
            LearningRate = request.LearningRate,
            Beta1 = request.AdamBeta1,
            Beta2 = request.AdamBeta2,
            Eps = request.AdamEpsilon,
            WeightDecay = request.WeightDecay,
            // Upstream converts with bool(str), so any supplied string, "False" included, means True; these are
            // parsed as the booleans they spell (the intended behaviour).
            DecoupleLr = args.GetBool("decouple_lr", false),
            MaxLr = args.GetNullableDouble("max_lr", null),
            KahanSum = args.Contains("kahan_sum") ? args.GetBool("kahan_sum", false) : null,
        };
        var unknown = args.Values.Keys.Where(k => !OptimArgKeys.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw OptimArgs.NotAnArgument(unknown[0], "stable_adamw", OptimArgKeys);
        return new StableAdamW(request.ParamGroups.Select(g => new ParamGroup(g.Parameters, g.Options, g.Tags)), options);
    }
}
