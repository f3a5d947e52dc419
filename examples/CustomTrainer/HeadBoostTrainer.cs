using Training.Core;
using Training.Models;
using Training.Optim;
using Training.Schedulers;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Examples.CustomTrainer;

/// <summary>
/// A Trainer subclass: the output head learns 10x faster in its own parameter group, and the schedule is
/// PyTorch's OneCycleLR (with Adam's β1 cycled as momentum) instead of the configured one.
/// </summary>
internal sealed class HeadBoostTrainer(TinyGpt model, TrainingArguments args, IDataset train, IDataset eval, IServiceProvider services)
    : Trainer(model, args, train, eval, CharWindows.Collator, computeLossFunc: TinyGptSetup.Loss, services: services)
{
    public override Optimizer CreateOptimizer()
    {
        if (Optimizer is not null) return Optimizer;
        var head = ((TinyGpt)Model).Head.parameters().Cast<Tensor>().ToList();
        var decay = new HashSet<string>(GetDecayParameterNames(Model), StringComparer.Ordinal);
        var body = Model.named_parameters().Where(p => !head.Contains(p.parameter)).ToList();
        Optimizer = new AdamW(
        [
            new ParamGroup(body.Where(p => decay.Contains(p.name)).Select(p => (Tensor)p.parameter), new Dictionary<string, object?> { ["weight_decay"] = Args.WeightDecay }),
            new ParamGroup(body.Where(p => !decay.Contains(p.name)).Select(p => (Tensor)p.parameter), new Dictionary<string, object?> { ["weight_decay"] = 0.0 }),
            new ParamGroup(head, new Dictionary<string, object?> { ["lr"] = Args.LearningRate * 10, ["weight_decay"] = 0.0 }),
        ], new AdamWOptions { LearningRate = Args.LearningRate, Beta1 = Args.AdamBeta1, Beta2 = Args.AdamBeta2, Fused = true });
        return Optimizer;
    }

    public override Scheduler CreateScheduler(long numTrainingSteps, Optimizer? optimizer = null)
    {
        var target = optimizer ?? Optimizer!;
        // Each group peaks at its own initial lr, so the head keeps its 10x through the cycle.
        LrScheduler ??= LRSchedulers.OneCycleLR(target, GroupValues.PerGroup(target.ParamGroups.Select(g => g.LearningRate)),
            total_steps: numTrainingSteps, pct_start: 0.25);
        return LrScheduler;
    }
}
