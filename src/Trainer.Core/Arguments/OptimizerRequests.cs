using TorchSharp;
using Training.Optim;
using Training.Schedulers;

namespace Training.Core;

/// <summary>
/// How TrainingArguments become an optimizer request and a scheduler request — written once, used by the Trainer
/// and by the start-up dry run (<see cref="StartupDryRun"/>), so both see exactly the same arguments.
/// </summary>
public static class OptimizerRequests
{
    /// <summary>The request for <paramref name="groups"/> of <paramref name="model"/> in a run of <paramref name="numTrainingSteps"/> updates.</summary>
    public static OptimizerRequest Build(TrainingArguments args, IReadOnlyList<ParamGroup> groups, torch.nn.Module model,
        long numTrainingSteps, OptimTargetModules? targets) => new()
    {
        ParamGroups = groups,
        LearningRate = args.LearningRate,
        AdamBeta1 = args.AdamBeta1,
        AdamBeta2 = args.AdamBeta2,
        AdamEpsilon = args.AdamEpsilon,
        WeightDecay = args.WeightDecay,
        OptimArgs = OptimArgs.Parse(args.OptimArgs),
        Model = model,
        // Resolved against the run length (a ratio below 1 becomes a count), as the scheduler sees it.
        WarmupSteps = args.GetWarmupSteps(numTrainingSteps),
        GradientAccumulationSteps = args.GradientAccumulationSteps,
        TargetModules = targets,
    };

    /// <summary>The scheduler request for <paramref name="optimizer"/> over <paramref name="numTrainingSteps"/> updates.</summary>
    public static SchedulerRequest Scheduler(TrainingArguments args, Optimizer optimizer, long numTrainingSteps) => new()
    {
        Optimizer = optimizer,
        NumWarmupSteps = args.GetWarmupSteps(numTrainingSteps),
        NumTrainingSteps = numTrainingSteps,
        Kwargs = SchedulerKwargs(args),
    };

    /// <summary><c>LrSchedulerKwargs</c> as the scheduler entry binds them (configuration text; the binder converts it).</summary>
    public static IReadOnlyDictionary<string, object?> SchedulerKwargs(TrainingArguments args) =>
        args.LrSchedulerKwargs.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);

    /// <summary>The low-rank target modules from the arguments, or null.</summary>
    public static OptimTargetModules? TargetModules(TrainingArguments args) =>
        args.OptimTargetModules is not { Count: > 0 } targets
            ? null
            : args.OptimTargetModulesIsPattern && targets.Count == 1 ? OptimTargetModules.FromPattern(targets[0]) : OptimTargetModules.FromList(targets);

    /// <summary>Optimizers that update inside backward cannot accumulate gradients: the one place that rule is checked.</summary>
    public static void EnsureAccumulationSupported(Optimizer optimizer, TrainingArguments args)
    {
        if (optimizer is IFusedBackwardOptimizer && args.GradientAccumulationSteps > 1)
            throw new InvalidOperationException(
                $"{optimizer.Name} updates the parameters inside backward, so it cannot accumulate gradients: set {TrainingArguments.SectionName}:{nameof(TrainingArguments.GradientAccumulationSteps)} to 1 (it is {args.GradientAccumulationSteps})");
    }
}
