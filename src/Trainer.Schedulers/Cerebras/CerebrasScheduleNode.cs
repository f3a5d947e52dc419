using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// A compiled Cerebras scheduler spec: what it drives, which groups (its tags), its pure schedule for a given group
/// (only ScalePerParam depends on the group), and its <c>total_iters</c> (what configuration helpers add up into
/// Sequential milestones). <see cref="CreateScheduler"/> attaches it to an optimizer.
/// </summary>
public sealed class CerebrasScheduleNode
{
    private readonly Func<ParamGroup, ISchedule> scheduleFor;

    internal CerebrasScheduleNode(string className, string key, IReadOnlyCollection<string?>? tags, long? totalIters,
        double? initialValue, Func<ParamGroup, ISchedule> scheduleFor)
    {
        ClassName = className;
        Key = key;
        Tags = tags;
        TotalIters = totalIters;
        InitialValue = initialValue;
        this.scheduleFor = scheduleFor;
    }

    /// <summary>The Cerebras class name (e.g. "CosineDecayLR").</summary>
    public string ClassName { get; }

    /// <summary>The driven group key: <c>lr</c> or <c>weight_decay</c>.</summary>
    public string Key { get; }

    /// <summary>The <c>param_group_tags</c> (null: every group).</summary>
    public IReadOnlyCollection<string?>? Tags { get; }

    /// <summary>
    /// The schedule's length as configuration helpers see it: the <c>total_iters</c> argument of classes that take
    /// one; for Sequential the last milestone plus the last child's, for ScalePerParam its child's; else null.
    /// </summary>
    public long? TotalIters { get; }

    /// <summary>
    /// The schedule's <c>initial_*</c> argument (see <see cref="IInitialValueSchedule"/>), which a ChainedLR divides
    /// by when the schedule is not its first child; null for classes without one.
    /// </summary>
    public double? InitialValue { get; }

    /// <summary>The pure schedule of <paramref name="group"/> (the group's scale factor is read now, as Cerebras captures it at construction).</summary>
    public ISchedule ScheduleFor(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return scheduleFor(group);
    }

    /// <summary>Attaches to <paramref name="optimizer"/>: a scheduler that writes the step-0 value now and value(t) after the t-th step.</summary>
    public ScheduledValue CreateScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return new ScheduledValue(ClassName, optimizer, Key, (group, _) => ScheduleFor(group), Tags);
    }
}
