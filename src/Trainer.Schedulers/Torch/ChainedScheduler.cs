namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.ChainedScheduler: every child's effect at once. PyTorch steps the children one
    /// after another, each multiplying the lr by its own ratio, so the lr is the product of the children's
    /// multipliers: <c>base · Π_k (child_k(t) / base)</c>. The children are built first on the same optimizer,
    /// as in PyTorch; the result replaces them (they are not stepped).
    /// </summary>
    /// <remarks>
    /// The product is exact for multiplicative children (all but those with an <c>eta_min</c>); PyTorch's
    /// recursive cosine forms chain affinely around <c>eta_min</c>, which the product approximates.
    /// </remarks>
    /// <param name="schedulers">The chained closed-form lr schedulers, all on the same optimizer.</param>
    public static ScheduledValue ChainedScheduler(IReadOnlyList<ScheduledValue> schedulers)
    {
        var children = ChildrenOf("ChainedScheduler", schedulers);
        var optimizer = children[0].Optimizer;
        for (var i = 1; i < children.Count; i++)
        {
            if (!ReferenceEquals(children[i].Optimizer, optimizer))
                throw new ArgumentException("ChainedScheduler expects all schedulers to belong to the same optimizer, but " +
                    $"got schedulers at index 0 and {i} to be different", nameof(schedulers));
        }

        return new ScheduledValue("ChainedScheduler", optimizer, "lr", (group, initial) =>
        {
            // Each further child's value over the base is its multiplier; a zero base has none (every value is 0).
            var divisor = initial == 0 ? 1.0 : initial;
            return Schedule.Chained(children[0].Factory(group, initial),
                children.Skip(1).Select(c => (c.Factory(group, initial), divisor)).ToList());
        });
    }
}
