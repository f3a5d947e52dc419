using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// PyTorch 1.13's <c>torch.optim.lr_scheduler</c>, shaped like TorchSharp's <c>torch.optim.lr_scheduler</c>:
/// one factory per PyTorch class, same name, same argument names (snake_case, so calls read like the Python),
/// same defaults and argument errors. Each scheduler is a closed form of the step: a <see cref="ScheduledValue"/>
/// whose per-group base is the group's initial lr (PyTorch's <c>initial_lr</c>), so per-group learning rates
/// work and resuming needs only <c>last_epoch</c>. CyclicLR and OneCycleLR return a <see cref="CycleScheduler"/>
/// that also cycles momentum (or <c>beta1</c> on Adam-style optimizers).
/// </summary>
/// <remarks>
/// <para>PyTorch's <c>last_epoch</c> and <c>verbose</c> arguments are not taken: resume with
/// <see cref="Scheduler.LoadStateDict(System.Collections.IDictionary)"/>, and nothing is printed.</para>
/// <para>PyTorch computes most of these recursively (<c>lr ← lr · ratio</c>); the closed forms here agree with
/// it to rounding (within 1e-14 relative in the golden and live PyTorch tests) and, unlike the recursion, do not
/// accumulate error over long runs.</para>
/// <para>One file per scheduler (<c>Torch/StepLR.cs</c>, ...) holds its factory and its schedule.</para>
/// </remarks>
public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.ReduceLROnPlateau (see <see cref="Schedulers.ReduceLROnPlateau"/>);
    /// <paramref name="min_lr"/> is one value or one per group (default 0).
    /// </summary>
    public static ReduceLROnPlateau ReduceLROnPlateau(Optimizer optimizer, MetricMode mode = MetricMode.Min, double factor = 0.1,
        long patience = 10, double threshold = 1e-4, ThresholdMode threshold_mode = ThresholdMode.Rel, long cooldown = 0,
        GroupValues? min_lr = null, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return new ReduceLROnPlateau(optimizer, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);
    }

    /// <summary>A scheduler of every group's lr: <c>base · multiplier(t)</c>, as PyTorch's closed forms write it.</summary>
    private static ScheduledValue Multiplying(string name, Optimizer optimizer, Func<long, double> multiplier) =>
        new(name, optimizer, "lr", (_, initial) => Schedule.From(t => initial * multiplier(t)));

    /// <summary>
    /// A factory that also needs the group's index, for PyTorch's per-group argument lists (the base
    /// <see cref="GroupScheduleFactory"/> sees only the group).
    /// </summary>
    private static GroupScheduleFactory PerGroup(Optimizer optimizer, Func<int, double, ISchedule> build) =>
        (group, initial) => build(IndexOf(optimizer, group), initial);

    private static int IndexOf(Optimizer optimizer, ParamGroup group)
    {
        for (var i = 0; i < optimizer.ParamGroups.Count; i++)
            if (ReferenceEquals(optimizer.ParamGroups[i], group)) return i;
        throw new ArgumentException($"the parameter group is not one of {optimizer.Name}'s", nameof(group));
    }

    /// <summary>A step count or period PyTorch would divide by: it must be positive (PyTorch fails with ZeroDivisionError).</summary>
    private static void RequirePositive(long value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"Expected positive integer {name}, but got {value}");
    }
}
