using System.Globalization;
using TorchSharp;
using Training.Optim;
using Training.Schedulers;

namespace Training.Core;

/// <summary>
/// Builds the configured optimizer and scheduler once on a 4×4 probe Linear at start-up, so <c>OptimArgs</c>,
/// <c>LrSchedulerKwargs</c> and the combinations they allow are checked by the very code that will use them —
/// before any model or data is loaded — instead of failing when <c>Train()</c> builds them. Only entries of this
/// library are dry-run: an optimizer or scheduler a program registers itself may need its real model, and is
/// checked when the Trainer builds it.
/// </summary>
internal static class StartupDryRun
{
    /// <summary>This library's assemblies: Optim, Schedulers and Core.</summary>
    public static IReadOnlyCollection<System.Reflection.Assembly> LibraryAssemblies { get; } =
        [typeof(Optimizer).Assembly, typeof(Scheduler).Assembly, typeof(StartupDryRun).Assembly];

    /// <summary>The problem building the configured optimizer and scheduler, or null.</summary>
    /// <param name="args">The settings.</param>
    /// <param name="optimizers">Where <c>Optim</c> is looked up.</param>
    /// <param name="schedulers">Where <c>LrSchedulerType</c> is looked up.</param>
    /// <param name="ours">The assemblies whose entries are dry-run (an entry of any other is left to <c>Train()</c>).</param>
    public static string? Problem(TrainingArguments args, IOptimizerRegistry optimizers, ISchedulerRegistry schedulers,
        IReadOnlyCollection<System.Reflection.Assembly> ours)
    {
        if (!optimizers.Contains(args.Optim) || !schedulers.Contains(args.LrSchedulerType)) return null;
        var optimizerIsOurs = ours.Contains(optimizers.Get(args.Optim).Origin);
        var schedulerIsOurs = ours.Contains(schedulers.Get(args.LrSchedulerType).Origin);
        if (!optimizerIsOurs) return null;

        using var scope = torch.NewDisposeScope();
        using var probe = torch.nn.Sequential(("probe", torch.nn.Linear(4, 4)));
        var parameters = probe.named_parameters().ToDictionary(p => p.name, p => (torch.Tensor)p.parameter);
        IReadOnlyList<ParamGroup> groups =
        [
            new ParamGroup([parameters["probe.weight"]], new Dictionary<string, object?> { ["weight_decay"] = args.WeightDecay }),
            new ParamGroup([parameters["probe.bias"]], new Dictionary<string, object?> { ["weight_decay"] = 0.0 }),
        ];
        // The run length is not known before the data is: MaxSteps when given, else a length that fits any warm-up.
        var steps = args.MaxSteps > 0 ? args.MaxSteps : Math.Max(1000, (long)Math.Min(args.WarmupSteps, 1e15) + 1);
        // The real targets are checked against the real model later; here the probe Linear stands for them.
        var targets = args.OptimTargetModules is { Count: > 0 } ? OptimTargetModules.FromList(["probe"]) : null;

        Optimizer? optimizer = null;
        var stage = "optimizer";
        try
        {
            optimizer = optimizers.Create(args.Optim, OptimizerRequests.Build(args, groups, probe, steps, targets));
            OptimizerRequests.EnsureAccumulationSupported(optimizer, args);
            if (!schedulerIsOurs) return null;
            stage = "scheduler";
            var scheduler = schedulers.Create(args.LrSchedulerType, OptimizerRequests.Scheduler(args, optimizer, steps));
            foreach (var group in optimizer.ParamGroups)
            {
                var lr = group["lr"];
                if (!double.IsFinite(lr))
                    return $"{Describe(args, stage)}: the first learning rate is {lr.ToString("R", CultureInfo.InvariantCulture)}, not a finite number";
            }

            GC.KeepAlive(scheduler);
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"{Describe(args, stage)}: {MessageOf(e)}";
        }
        finally
        {
            optimizer?.Dispose();
        }
    }

    // ArgumentException appends " (Parameter 'x')"; the key is named already.
    private static string MessageOf(Exception e) =>
        e is ArgumentException { ParamName: { } name } && e.Message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? e.Message[..^$" (Parameter '{name}')".Length]
            : e.Message;

    /// <summary>The settings a <paramref name="stage"/> ("optimizer" or "scheduler") problem comes from, as messages name them.</summary>
    public static string Describe(TrainingArguments a, string stage)
    {
        const string s = TrainingArguments.SectionName;
        if (stage == "optimizer")
            return string.IsNullOrWhiteSpace(a.OptimArgs)
                ? $"{s}:{nameof(a.Optim)} = {a.Optim}"
                : $"{s}:{nameof(a.Optim)} = {a.Optim} with {s}:{nameof(a.OptimArgs)} = '{a.OptimArgs}'";
        var kwargs = a.LrSchedulerKwargs.Count == 0 ? "" : $" with {s}:{nameof(a.LrSchedulerKwargs)} = {{{string.Join(", ", a.LrSchedulerKwargs.Select(p => $"{p.Key}: {p.Value}"))}}}";
        return $"{s}:{nameof(a.LrSchedulerType)} = {a.LrSchedulerType}{kwargs}";
    }
}
