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
            OptimArgsOf(AdamW(Default).Arguments("schedule_free_adamw")),
            (r, a, _) => new AdamWScheduleFree(Groups(r), AdamW(r).With(a))),
        new("schedule_free_radam", "schedulefree.RAdamScheduleFree: Schedule-Free RAdam (rectification instead of warm-up)", 8,
            OptimArgsOf(RAdam(Default).Arguments("schedule_free_radam")),
            (r, a, _) => new RAdamScheduleFree(Groups(r), RAdam(r).With(a))),
        new("schedule_free_sgd", "schedulefree.SGDScheduleFree: Schedule-Free SGD (momentum 0.9)", 4,
            OptimArgsOf(Sgd(Default).Arguments("schedule_free_sgd")),
            (r, a, _) => new SgdScheduleFree(Groups(r), Sgd(r).With(a))),
    ];

    private static OptimizerRequest Default => new() { ParamGroups = [] };

    // The handler reads these two floats from optim_args and ignores every other key.
    private static ArgumentSchema OptimArgsOf(ArgumentSchema options) => options.Only("r", "weight_lr_power").WithPolicy(UnknownArgumentPolicy.Ignore);

    private static AdamWScheduleFreeOptions AdamW(OptimizerRequest r) => new()
    {
        LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, Eps = r.AdamEpsilon,
        WeightDecay = r.WeightDecay, WarmupSteps = r.WarmupSteps,
    };

    private static RAdamScheduleFreeOptions RAdam(OptimizerRequest r) => new()
    {
        LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, Eps = r.AdamEpsilon, WeightDecay = r.WeightDecay,
    };

    private static SgdScheduleFreeOptions Sgd(OptimizerRequest r) => new()
    {
        LearningRate = r.LearningRate, WeightDecay = r.WeightDecay, WarmupSteps = r.WarmupSteps,
    };

    // Fresh group objects: the optimizer fills in its defaults, which must not leak into the request's groups.
    private static List<ParamGroup> Groups(OptimizerRequest request) =>
        request.ParamGroups.Select(g => new ParamGroup(g.Parameters, g.Options, g.Tags)).ToList();
}
