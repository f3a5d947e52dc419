using System.Collections;
using Training.Optim;

namespace Training.Schedulers;

/// <summary>Builds the schedule of one group from its base value (the group's initial value of the key).</summary>
public delegate ISchedule GroupScheduleFactory(ParamGroup group, double baseValue);

/// <summary>
/// A scheduler that writes <c>schedule_g(t)</c> into each driven group g. Both conventions are expressed this
/// way: Transformers' and PyTorch's schedules scale the group's initial value (captured once, as PyTorch's
/// <c>initial_lr</c>), Cerebras' are absolute values (the factory ignores the base, optionally scaled per group).
/// </summary>
public sealed class ScheduledValue : Scheduler
{
    private readonly GroupScheduleFactory factory;
    private readonly string name;
    private double[] baseValues;
    private ISchedule[] schedules;
    private long stepCount;

    /// <summary>Creates the scheduler and writes the step-0 values, as PyTorch and Cerebras do at construction.</summary>
    public ScheduledValue(string name, Optimizer optimizer, string key, GroupScheduleFactory factory, IReadOnlyCollection<string?>? tags = null)
        : base(optimizer, key, tags)
    {
        ArgumentNullException.ThrowIfNull(factory);
        this.name = name;
        this.factory = factory;
        // PyTorch remembers the first scheduler's starting value as initial_<key>; later schedulers reuse it.
        var initialKey = InitialKey(key);
        baseValues = TargetGroups.Select(i =>
        {
            var group = optimizer.ParamGroups[i];
            if (!group.ContainsKey(initialKey)) group[initialKey] = GroupKey.Get(group, key);
            return group[initialKey];
        }).ToArray();
        schedules = Build();
        stepCount = 1;
        Apply();
    }

    /// <summary>
    /// PyTorch's LambdaLR convention (Transformers' schedules): every driven group gets its initial value times
    /// <paramref name="multiplier"/>(t). The multiplier stays available as <see cref="Multiplier"/>.
    /// </summary>
    public static ScheduledValue FromMultiplier(string name, Optimizer optimizer, string key, ISchedule multiplier, IReadOnlyCollection<string?>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(multiplier);
        return new ScheduledValue(name, optimizer, key, (_, initial) => multiplier.Scaled(initial), tags) { Multiplier = multiplier };
    }

    /// <inheritdoc/>
    public override string Name => name;

    /// <summary>The multiplier of the initial values when built by <see cref="FromMultiplier"/> (LambdaLR's <c>lr_lambda</c>), else null.</summary>
    public ISchedule? Multiplier { get; private init; }

    /// <summary>The base value of each driven group (PyTorch's <c>base_lrs</c>).</summary>
    public IReadOnlyList<double> BaseValues => baseValues;

    /// <summary>
    /// How each group's schedule is built from its base value. Composites (SequentialLR, ChainedScheduler) build
    /// their own schedules from their children's factories, so they rebuild correctly when a state is loaded.
    /// </summary>
    public GroupScheduleFactory Factory => factory;

    /// <summary>The schedule of each driven group.</summary>
    public IReadOnlyList<ISchedule> Schedules => schedules;

    /// <summary>The group key that remembers a key's starting value (<c>initial_lr</c> for <c>lr</c>).</summary>
    public static string InitialKey(string key) => key == "lr" ? "initial_lr" : $"initial_{key}";

    /// <inheritdoc/>
    public override void Step()
    {
        LastEpoch++;
        stepCount++;
        Apply();
    }

    /// <summary>The value of every driven group at an arbitrary step, without changing anything.</summary>
    public IReadOnlyList<double> ValuesAt(long step) => schedules.Select(s => s.ValueAt(step)).ToList();

    private ISchedule[] Build() =>
        TargetGroups.Select((g, i) => factory(Optimizer.ParamGroups[g], baseValues[i])).ToArray();

    private void Apply()
    {
        for (var i = 0; i < TargetGroups.Count; i++)
            GroupKey.Set(Optimizer.ParamGroups[TargetGroups[i]], Key, schedules[i].ValueAt(LastEpoch));
    }

    /// <inheritdoc/>
    public override OrderedDictionary<object, object?> StateDict()
    {
        var state = LambdaLRState.Write(baseValues, LastEpoch, stepCount, GetLastLr());
        state["param_group_key"] = Key;
        state["scheduler"] = name;
        return state;
    }

    /// <summary>
    /// Restores <c>last_epoch</c>, <c>_step_count</c> and <c>base_lrs</c>; the schedules are rebuilt from the saved
    /// base values (Transformers' resume: the schedule comes from the current settings, the position and base
    /// values from the checkpoint) and the resumed values are written into the groups.
    /// </summary>
    public override void LoadStateDict(IDictionary stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var saved = LambdaLRState.ReadValues(stateDict, "base_lrs") ?? throw new ArgumentException("scheduler state has no 'base_lrs' entry");
        if (saved.Length != TargetGroups.Count)
            throw new ArgumentException($"scheduler state has {saved.Length} base values, this {name} drives {TargetGroups.Count} groups");
        (LastEpoch, stepCount) = LambdaLRState.ReadPosition(stateDict);
        baseValues = saved;
        schedules = Build();
        Apply();
    }
}
