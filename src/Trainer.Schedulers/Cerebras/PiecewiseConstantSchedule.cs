namespace Training.Schedulers;

/// <summary>
/// Cerebras' PiecewiseConstantLR / …WD: <c>values[#{m ∈ milestones : m ≤ t}]</c>, i.e. values[0] until the first
/// milestone, values[i] from milestone i−1 on, the last value forever (Cerebras builds it as a Sequential of constants).
/// </summary>
/// <param name="Values">One value per interval: one more than milestones.</param>
/// <param name="Milestones">The steps at which the next value starts, strictly increasing.</param>
public sealed record PiecewiseConstantSchedule(IReadOnlyList<double> Values, IReadOnlyList<long> Milestones) : ISchedule
{
    /// <summary>The steps at which the next value starts, strictly increasing.</summary>
    public IReadOnlyList<long> Milestones { get; } = Check(ScheduleChecks.NotNull(Values, "values"), ScheduleChecks.NotNull(Milestones, "milestones"));

    /// <inheritdoc/>
    public double ValueAt(long step) => Values[Milestones.Count(m => m <= step)];

    private static long[] Check(IReadOnlyList<double> values, IReadOnlyList<long> milestones)
    {
        if (values.Count != milestones.Count + 1)
            throw new ArgumentException($"needs one value more than milestones, got {values.Count} values and {milestones.Count} milestones", "milestones");
        for (var i = 1; i < milestones.Count; i++)
        {
            if (milestones[i] <= milestones[i - 1])
                throw new ArgumentException($"milestones must be strictly increasing, got [{string.Join(", ", milestones)}]", "milestones");
        }

        return [.. milestones];
    }
}
