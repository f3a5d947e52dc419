using System.Globalization;
using Training.Optim;

namespace Training.Integrations;

/// <summary>
/// The registry entries of the Schedule-Free family, built as Transformers' handler does: AdamW gets lr, betas, eps,
/// <c>weight_decay</c>, <c>warmup_steps</c> (the Trainer's resolved count), and <c>weight_lr_power</c> (2.0) and
/// <c>r</c> (0.0) read from <c>optim_args</c> as floats (other <c>optim_args</c> keys are ignored, as upstream);
/// RAdam the same without warm-up; SGD lr, weight decay, warm-up, weight_lr_power and r (momentum stays 0.9).
/// The Trainer's decay / no-decay groups keep their own <c>weight_decay</c>.
/// </summary>
public static class ScheduleFreeEntries
{
    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        new("schedule_free_adamw", "schedulefree.AdamWScheduleFree: Schedule-Free AdamW (no lr schedule needed; call Train()/Eval())", 8,
            (r, _) => new AdamWScheduleFree(Groups(r), new AdamWScheduleFreeOptions
            {
                LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, Eps = r.AdamEpsilon,
                WeightDecay = r.WeightDecay, WarmupSteps = WarmupSteps(r),
                WeightLrPower = r.OptimArgs.GetDouble("weight_lr_power", 2.0), R = r.OptimArgs.GetDouble("r", 0.0),
            })),
        new("schedule_free_radam", "schedulefree.RAdamScheduleFree: Schedule-Free RAdam (rectification instead of warm-up)", 8,
            (r, _) => new RAdamScheduleFree(Groups(r), new RAdamScheduleFreeOptions
            {
                LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, Eps = r.AdamEpsilon,
                WeightDecay = r.WeightDecay,
                WeightLrPower = r.OptimArgs.GetDouble("weight_lr_power", 2.0), R = r.OptimArgs.GetDouble("r", 0.0),
            })),
        new("schedule_free_sgd", "schedulefree.SGDScheduleFree: Schedule-Free SGD (momentum 0.9)", 4,
            (r, _) => new SgdScheduleFree(Groups(r), new SgdScheduleFreeOptions
            {
                LearningRate = r.LearningRate, WeightDecay = r.WeightDecay, WarmupSteps = WarmupSteps(r),
                WeightLrPower = r.OptimArgs.GetDouble("weight_lr_power", 2.0), R = r.OptimArgs.GetDouble("r", 0.0),
            })),
    ];

    // Fresh group objects: the optimizer fills in its defaults, which must not leak into the request's groups.
    private static List<ParamGroup> Groups(OptimizerRequest request) =>
        request.ParamGroups.Select(g => new ParamGroup(g.Parameters, g.Options, g.Tags)).ToList();

    private static long WarmupSteps(OptimizerRequest request) =>
        request.Settings.TryGetValue("warmup_steps", out var value) && value is not null
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : 0;
}
