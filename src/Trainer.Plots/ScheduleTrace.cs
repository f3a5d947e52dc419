namespace Training.Plots;

/// <summary>What a configuration's scheduler does over a run, per parameter group.</summary>
/// <param name="Optimizer">The optimizer's registry name (<c>Optim</c>).</param>
/// <param name="Scheduler">The scheduler's registry name.</param>
/// <param name="Steps">The number of updates.</param>
/// <param name="WarmupSteps">The warm-up updates the scheduler was given.</param>
/// <param name="Groups">The decay and no-decay groups.</param>
/// <param name="MetricDriven">The scheduler reacts to evaluation metrics (ReduceLROnPlateau...): it was not stepped, the values are the starting ones.</param>
public sealed record ScheduleTrace(string Optimizer, string Scheduler, long Steps, long WarmupSteps, IReadOnlyList<GroupSchedule> Groups, bool MetricDriven)
{
    /// <summary>True when some group's weight decay changes during the run (a weight-decay scheduler applies).</summary>
    public bool SchedulesWeightDecay => Groups.Any(g => g.WeightDecays.Distinct().Skip(1).Any());
}
