using System.Collections;
using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Transformers' <c>AdafactorSchedule</c> behind the <see cref="Scheduler"/> API, so a Trainer can log the step size
/// Adafactor really applies (with <c>relative_step=True</c> it ignores the group lr) and checkpoint it like any
/// other scheduler: <c>optimizers = (adafactor, new AdafactorScheduler(adafactor))</c>. Each step writes the applied
/// rate of each group (of its first parameter; <c>initial_lr</c> before its first update) into the group's <c>lr</c>,
/// as upstream's LambdaLR proxy does. Its state dict has LambdaLR's layout (<c>base_lrs</c> = initial_lr per group).
/// </summary>
public sealed class AdafactorScheduler : Scheduler
{
    private readonly AdafactorSchedule schedule;
    private long stepCount;

    /// <summary>Wraps a new <see cref="AdafactorSchedule"/> reporting <paramref name="initialLr"/> before the first update.</summary>
    public AdafactorScheduler(Adafactor optimizer, double initialLr = 0.0)
        // The proxy is built first: it writes a numeric lr into every group (Adafactor's may be None), which the
        // base constructor requires of the key it drives.
        : this(optimizer, new AdafactorSchedule(optimizer, initialLr), initialLr) { }

    private AdafactorScheduler(Adafactor optimizer, AdafactorSchedule schedule, double initialLr)
        : base(optimizer, "lr", null)
    {
        this.schedule = schedule;
        InitialLr = initialLr;
        stepCount = 1;
    }

    /// <inheritdoc/>
    public override string Name => "AdafactorSchedule";

    /// <summary>The rate reported before a group's first update (upstream's <c>initial_lr</c>).</summary>
    public double InitialLr { get; }

    /// <inheritdoc/>
    public override void Step()
    {
        LastEpoch++;
        stepCount++;
        schedule.Step();
    }

    /// <inheritdoc/>
    public override OrderedDictionary<object, object?> StateDict() =>
        LambdaLRState.Write(TargetGroups.Select(_ => InitialLr), LastEpoch, stepCount, GetLastLr());

    /// <summary>
    /// Restores <c>last_epoch</c> and <c>_step_count</c> and writes the saved <c>_last_lr</c> back into the groups.
    /// The rates themselves come from Adafactor's own state, restored with the optimizer's state dict.
    /// </summary>
    public override void LoadStateDict(IDictionary stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        (LastEpoch, stepCount) = LambdaLRState.ReadPosition(stateDict);
        if (LambdaLRState.ReadValues(stateDict, "_last_lr") is { } rates)
            for (var i = 0; i < Math.Min(rates.Length, TargetGroups.Count); i++) Optimizer.ParamGroups[TargetGroups[i]].LearningRate = rates[i];
    }
}
