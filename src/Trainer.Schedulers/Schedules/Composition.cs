namespace Training.Schedulers;

/// <summary>Builds new schedules from existing ones.</summary>
public static class Schedule
{
    /// <summary>A constant.</summary>
    public static ISchedule Constant(double value) => new FunctionSchedule(_ => value);

    /// <summary>From a function of the step.</summary>
    public static ISchedule From(Func<long, double> function) => new FunctionSchedule(function);

    /// <summary><paramref name="schedule"/> times <paramref name="factor"/> (a multiplier schedule applied to a base value).</summary>
    public static ISchedule Scaled(this ISchedule schedule, double factor) => new ScaledSchedule(schedule, factor);

    /// <summary>
    /// Phases one after another: phase j starts at milestone m_{j−1} and sees the local step t − m_{j−1}
    /// (PyTorch's and Cerebras' SequentialLR). Needs one milestone fewer than schedules, strictly increasing.
    /// </summary>
    public static ISchedule Sequential(IReadOnlyList<ISchedule> phases, IReadOnlyList<long> milestones) =>
        new SequentialSchedule(phases, milestones);

    /// <summary>
    /// The product of schedules, each after the first divided by its divisor:
    /// first(t) · Π_k others_k(t) / divisor_k (PyTorch's and Cerebras' ChainedScheduler).
    /// </summary>
    public static ISchedule Chained(ISchedule first, IReadOnlyList<(ISchedule Schedule, double Divisor)> others) =>
        new ChainedSchedule(first, others);

    /// <summary>Linear warm-up from 0 over <paramref name="warmupSteps"/> steps, then <paramref name="after"/> (seeing the global step).</summary>
    public static ISchedule WithLinearWarmup(this ISchedule after, long warmupSteps) =>
        From(t => t < warmupSteps ? (double)t / Math.Max(1, warmupSteps) : after.ValueAt(t));

    private sealed record ScaledSchedule(ISchedule Inner, double Factor) : ISchedule
    {
        public double ValueAt(long step) => Inner.ValueAt(step) * Factor;
    }

    private sealed class SequentialSchedule : ISchedule
    {
        private readonly IReadOnlyList<ISchedule> phases;
        private readonly IReadOnlyList<long> milestones;

        public SequentialSchedule(IReadOnlyList<ISchedule> phases, IReadOnlyList<long> milestones)
        {
            ArgumentNullException.ThrowIfNull(phases);
            ArgumentNullException.ThrowIfNull(milestones);
            if (phases.Count == 0) throw new ArgumentException("a sequential schedule needs at least one phase", nameof(phases));
            if (milestones.Count != phases.Count - 1)
                throw new ArgumentException($"Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers {phases.Count} and the number of milestones to be equal to {milestones.Count}", nameof(milestones));
            for (var i = 1; i < milestones.Count; i++)
                if (milestones[i] <= milestones[i - 1]) throw new ArgumentException("milestones must be strictly increasing", nameof(milestones));
            this.phases = phases;
            this.milestones = milestones;
        }

        public double ValueAt(long step)
        {
            var phase = 0;
            while (phase < milestones.Count && step >= milestones[phase]) phase++;
            var start = phase == 0 ? 0 : milestones[phase - 1];
            return phases[phase].ValueAt(step - start);
        }
    }

    private sealed record ChainedSchedule(ISchedule First, IReadOnlyList<(ISchedule Schedule, double Divisor)> Others) : ISchedule
    {
        public double ValueAt(long step)
        {
            var value = First.ValueAt(step);
            foreach (var (schedule, divisor) in Others) value *= schedule.ValueAt(step) / divisor;
            return value;
        }
    }
}
