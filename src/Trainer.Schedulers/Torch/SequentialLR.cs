using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.SequentialLR: <paramref name="schedulers"/>[j] applies from milestone j−1 on and
    /// sees the steps since that milestone (so each phase starts at its own step 0). The children are built first
    /// on the same optimizer, as in PyTorch; the result replaces them (they are not stepped).
    /// </summary>
    /// <remarks>
    /// Every phase restarts from the group's initial lr, as PyTorch's closed forms do at a milestone. PyTorch's
    /// MultiplicativeLR has no closed form and would continue from the previous phase's last lr instead.
    /// </remarks>
    /// <param name="optimizer">The optimizer every child drives.</param>
    /// <param name="schedulers">The phases: closed-form lr schedulers over every group.</param>
    /// <param name="milestones">The steps at which the next phase starts (one fewer than the schedulers, increasing).</param>
    public static ScheduledValue SequentialLR(Optimizer optimizer, IReadOnlyList<ScheduledValue> schedulers, IReadOnlyList<long> milestones)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(milestones);
        var children = ChildrenOf("SequentialLR", schedulers);
        for (var i = 0; i < children.Count; i++)
        {
            if (!ReferenceEquals(children[i].Optimizer, optimizer))
                throw new ArgumentException("Sequential Schedulers expects all schedulers to belong to the same optimizer, but " +
                    $"got schedulers at index {i} to be different than the optimizer passed in.", nameof(schedulers));
        }

        var points = milestones.ToArray();
        return new ScheduledValue("SequentialLR", optimizer, "lr",
            (group, initial) => Schedule.Sequential(children.Select(c => c.Factory(group, initial)).ToList(), points));
    }

    /// <summary>Checks composite children: at least one, each a learning-rate scheduler of every group of the first one's optimizer.</summary>
    private static IReadOnlyList<ScheduledValue> ChildrenOf(string composite, IReadOnlyList<ScheduledValue> schedulers)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        if (schedulers.Count == 0) throw new ArgumentException($"{composite} needs at least one scheduler", nameof(schedulers));
        for (var i = 0; i < schedulers.Count; i++)
        {
            var child = schedulers[i] ?? throw new ArgumentNullException(nameof(schedulers), $"{composite}: scheduler {i} is null");
            if (child.Key != "lr" || child.TargetGroups.Count != child.Optimizer.ParamGroups.Count)
                throw new ArgumentException(
                    $"{composite}: scheduler {i} ({child.Name}) must drive 'lr' on every parameter group, it drives '{child.Key}' on groups [{string.Join(", ", child.TargetGroups)}]",
                    nameof(schedulers));
        }

        return schedulers.ToArray();
    }
}
