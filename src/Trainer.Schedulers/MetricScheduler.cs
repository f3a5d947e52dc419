using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// A scheduler driven by an evaluation metric (ReduceLROnPlateau, GreedyLR). The Trainer calls
/// <see cref="Step(double)"/> after each evaluation instead of <see cref="Scheduler.Step()"/> after each update.
/// Its counters are part of its state dict.
/// </summary>
public abstract class MetricScheduler : Scheduler
{
    /// <summary>Attaches to the optimizer.</summary>
    protected MetricScheduler(Optimizer optimizer, string key = "lr", IReadOnlyCollection<string?>? tags = null)
        : base(optimizer, key, tags) { }

    /// <inheritdoc/>
    public override bool IsMetricDriven => true;

    /// <summary>Reacts to a new value of the monitored metric.</summary>
    public abstract void Step(double metric);

    /// <summary>Metric schedulers need the metric: always throws.</summary>
    public override void Step() =>
        throw new InvalidOperationException($"{Name} steps on a metric: call Step(metric) after each evaluation");
}
