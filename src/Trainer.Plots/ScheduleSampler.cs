using TorchSharp;
using Training.Optim;
using Training.Schedulers;

namespace Training.Plots;

/// <summary>
/// Runs a configuration's scheduler without training: builds the configured optimizer on a probe (a 4×4 Linear,
/// whose weight falls in the decay group and bias in the no-decay group, the two groups the Trainer makes), the
/// scheduler from <c>LrSchedulerType</c>, <c>LrSchedulerKwargs</c> and the warm-up, and steps the scheduler once per
/// update, recording each group's learning rate and weight decay before the update, as the Trainer logs them. The
/// optimizer itself is not stepped, so a step size the optimizer computes from its gradients (Adafactor's relative
/// step) shows its starting value.
/// </summary>
public static class ScheduleSampler
{
    /// <summary>The updates of a run: <c>MaxSteps</c> when set, else the epochs over <paramref name="trainExamples"/> as <c>Train()</c> counts them.</summary>
    public static long PlannedSteps(TrainingArguments args, long? trainExamples = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.MaxSteps > 0) return args.MaxSteps;
        if (trainExamples is not long examples || examples <= 0)
            throw new ArgumentException(
                $"{TrainingArguments.SectionName}:{nameof(TrainingArguments.MaxSteps)} is {args.MaxSteps}: without it the number of updates needs the number of training examples", nameof(trainExamples));
        var batch = Math.Max(1, args.PerDeviceTrainBatchSize);
        var batches = args.DataloaderDropLast ? examples / batch : (examples + batch - 1) / batch;
        return args.PlannedSteps(args.UpdatesPerEpoch(batches));
    }

    /// <summary>The schedule of <paramref name="args"/> over <paramref name="steps"/> updates.</summary>
    public static ScheduleTrace Sample(TrainingArguments args, long steps, IOptimizerRegistry optimizers, ISchedulerRegistry schedulers)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(optimizers);
        ArgumentNullException.ThrowIfNull(schedulers);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);

        using var scope = torch.NewDisposeScope();
        using var probe = torch.nn.Sequential(("probe", torch.nn.Linear(4, 4)));
        var decayNames = new HashSet<string>(DecayGrouping.GetDecayParameterNames(probe), StringComparer.Ordinal);
        var groups = DecayGrouping.CreateGroups(probe, args.WeightDecay);
        // The requests the Trainer builds (OptimizerRequests), on the probe; the probe Linear stands for the configured
        // low-rank target modules.
        var targets = args.OptimTargetModules is { Count: > 0 } ? OptimTargetModules.FromList(["probe"]) : null;
        using var optimizer = optimizers.Create(args.Optim, OptimizerRequests.Build(args, groups, probe, steps, targets));
        var scheduler = schedulers.Create(args.LrSchedulerType, OptimizerRequests.Scheduler(args, optimizer, steps));

        var count = optimizer.ParamGroups.Count;
        var rates = Enumerable.Range(0, count).Select(_ => new double[steps]).ToArray();
        var decays = Enumerable.Range(0, count).Select(_ => new double[steps]).ToArray();
        for (long step = 0; step < steps; step++)
        {
            for (var g = 0; g < count; g++)
            {
                rates[g][step] = Value(optimizer.ParamGroups[g], "lr");
                decays[g][step] = Value(optimizer.ParamGroups[g], "weight_decay");
            }

            if (!scheduler.IsMetricDriven) scheduler.Step();
        }

        var names = optimizer.ParamGroups.Select((group, g) => GroupName(group, decayNames, probe, g, count)).ToList();
        return new ScheduleTrace(args.Optim, args.LrSchedulerType, steps, args.GetWarmupSteps(steps),
            Enumerable.Range(0, count).Select(g => new GroupSchedule(names[g], rates[g], decays[g])).ToList(), scheduler.IsMetricDriven);
    }

    private static double Value(ParamGroup group, string key) => group.GetValue(key) switch
    {
        double value => value,
        float value => value,
        null => 0,
        var other => Convert.ToDouble(other, System.Globalization.CultureInfo.InvariantCulture),
    };

    // The groups the Trainer made come back in order; an optimizer that regroups (low-rank ones) gets numbered names.
    private static string GroupName(ParamGroup group, HashSet<string> decayNames, torch.nn.Module probe, int index, int count)
    {
        var byHandle = probe.named_parameters().ToDictionary(p => p.parameter.Handle, p => p.name);
        var names = group.Parameters.Select(p => byHandle.GetValueOrDefault(p.Handle)).ToList();
        if (names.Count > 0 && names.All(n => n is not null && decayNames.Contains(n))) return count == 2 ? "decay" : $"decay {index}";
        if (names.Count > 0 && names.All(n => n is not null && !decayNames.Contains(n))) return count == 2 ? "no_decay" : $"no_decay {index}";
        return $"group {index}";
    }
}
