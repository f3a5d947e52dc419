namespace Training.Schedulers;

/// <summary>The step counts of a <see cref="SchedulerRequest"/> a schedule cannot do without.</summary>
[Flags]
public enum StepCounts
{
    /// <summary>Neither (constant, the metric-driven schedulers, PyTorch's and Cerebras' classes).</summary>
    None = 0,

    /// <summary><see cref="SchedulerRequest.NumWarmupSteps"/>.</summary>
    Warmup = 1,

    /// <summary><see cref="SchedulerRequest.NumTrainingSteps"/>.</summary>
    Training = 2,
}
