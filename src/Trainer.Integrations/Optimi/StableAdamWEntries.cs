using Training.Optim;

namespace Training.Integrations;

/// <summary>The registry entries of the StableAdamW family (Transformers' <c>optim</c> names).</summary>
public static class StableAdamWEntries
{
    /// <summary>The <c>optim_args</c> keys <c>stable_adamw</c> takes.</summary>
    internal static IReadOnlyList<string> OptimArgKeys { get; } = ["decouple_lr", "max_lr", "kahan_sum"];

    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        new("stable_adamw",
            "torch-optimi StableAdamW: AdamW with per-tensor RMS update clipping, debiased betas, Kahan summation for bf16/fp16; optim_args decouple_lr, max_lr, kahan_sum",
            8, Start(new OptimizerRequest { ParamGroups = [] }).Arguments("stable_adamw").Only([.. OptimArgKeys]), (request, arguments, _) => Create(request, arguments)),
    ];

    /// <summary>
    /// Builds StableAdamW as Transformers' handler does: lr, betas = (adam_beta1, adam_beta2), eps = adam_epsilon,
    /// weight_decay = args.weight_decay (the Trainer's groups carry it too), and the optim_args. Upstream converts
    /// decouple_lr and kahan_sum with <c>bool(str)</c>, so any supplied string, "False" included, means True; here they
    /// are bound as the booleans they spell (the intended behaviour).
    /// </summary>
    internal static StableAdamW Create(OptimizerRequest request, BoundArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new StableAdamW(request.ParamGroups.Select(g => new ParamGroup(g.Parameters, g.Options, g.Tags)), Start(request).With(arguments));
    }

    private static StableAdamWOptions Start(OptimizerRequest request) => new()
    {
        LearningRate = request.LearningRate, Beta1 = request.AdamBeta1, Beta2 = request.AdamBeta2, Eps = request.AdamEpsilon, WeightDecay = request.WeightDecay,
    };
}
