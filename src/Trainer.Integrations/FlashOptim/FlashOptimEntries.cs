using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// The registry entries of the FlashOptim family (Transformers' <c>optim</c> names <c>flash_adamw</c>, <c>flash_adam</c>,
/// <c>flash_sgd</c>, <c>flash_sgdw</c>, <c>flash_lion</c>). Every entry starts from the Trainer's lr (β/ε from the Adam
/// settings for the Adam pair), weight decay through the Trainer's groups, <c>quantize=False</c> (CPU), and
/// <c>master_weight_bits=24</c> unless <c>OptimArgs</c> says otherwise; for an all-float32 model master weights have no
/// effect, so they are disabled with a warning, as Transformers documents. FlashLion takes β1 from
/// <c>AdamBeta1</c> and keeps its own β2 = 0.99 (the handler is not in the reference corpus; this mirrors the
/// built-in <c>lion</c> entry).
/// </summary>
public static class FlashOptimEntries
{
    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        Entry("flash_adamw", "FlashOptim FlashAdamW (eager CPU path): fp32 update math, decoupled decay; bf16/fp16 params keep int8/int16 master-weight error bits (+1/+2 B)", 8,
            r => new FlashAdamWOptions { LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, Eps = r.AdamEpsilon, WeightDecay = r.WeightDecay },
            (g, o) => new FlashAdamW(g, o), "FlashAdamW"),
        Entry("flash_adam", "FlashOptim FlashAdam (eager CPU path): Adam with L2 decay, fp32 update math, master-weight error bits for bf16/fp16", 8,
            r => new FlashAdamOptions { LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, Eps = r.AdamEpsilon, WeightDecay = r.WeightDecay },
            (g, o) => new FlashAdam(g, o), "FlashAdam"),
        Entry("flash_sgd", "FlashOptim FlashSGD (eager CPU path): L2 decay; OptimArgs may set momentum, dampening, nesterov (4 bytes/param with momentum)", 0,
            r => new FlashSgdOptions { LearningRate = r.LearningRate, WeightDecay = r.WeightDecay }, (g, o) => new FlashSgd(g, o), "FlashSGD"),
        Entry("flash_sgdw", "FlashOptim FlashSGDW (eager CPU path): decoupled decay; OptimArgs may set momentum, dampening, nesterov (4 bytes/param with momentum)", 0,
            r => new FlashSgdwOptions { LearningRate = r.LearningRate, WeightDecay = r.WeightDecay }, (g, o) => new FlashSgdw(g, o), "FlashSGDW"),
        Entry("flash_lion", "FlashOptim FlashLion (eager CPU path): sign of interpolated momentum, decoupled decay, β1 from AdamBeta1, β2 0.99", 4,
            r => new FlashLionOptions { LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, WeightDecay = r.WeightDecay }, (g, o) => new FlashLion(g, o), "FlashLion"),
    ];

    // Every FlashOptim constructor argument may come from OptimArgs, as the handler passes optim_args as kwargs.
    private static OptimizerDescriptor Entry<TOptions>(string name, string description, double bytes, Func<OptimizerRequest, TOptions> start,
        Func<IReadOnlyList<ParamGroup>, TOptions, Optimizer> create, string className) where TOptions : FlashOptimizerOptions =>
        new(name, description, bytes, start(new OptimizerRequest { ParamGroups = [] }).Arguments(name),
            (request, arguments, services) => Build(request, services, start(request).With(arguments), create, className));

    private static Optimizer Build<TOptions>(OptimizerRequest request, IServiceProvider services, TOptions options,
        Func<IReadOnlyList<ParamGroup>, TOptions, Optimizer> create, string name) where TOptions : FlashOptimizerOptions
    {
        var groups = request.ParamGroups.Select(g => new ParamGroup(g.Parameters, g.Options, g.Tags)).ToList();
        var allFloat32 = groups.SelectMany(g => g.Parameters).All(p => p.dtype == ScalarType.Float32);
        var requested = groups.Select(g => g.ContainsKey("master_weight_bits") ? FlashOptimizerOptions.MasterWeightBitsOf(g) : options.MasterWeightBits)
            .FirstOrDefault(b => b is not null);
        if (allFloat32 && (requested ?? options.MasterWeightBits) is int bits)
        {
            var logger = (services.GetService(typeof(ILoggerFactory)) as ILoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(typeof(FlashOptimEntries));
            logger.LogWarning("{Optimizer}: master_weight_bits={Bits} has no effect for a float32 model; disabling it (master_weight_bits=None)", name, bits);
            options = options with { MasterWeightBits = null };
            foreach (var group in groups) group.SetValue("master_weight_bits", null);
        }

        return create(groups, options);
    }
}
