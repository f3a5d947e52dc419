namespace Training.Schedulers;

/// <summary>
/// Cerebras' MultiStepLR / MultiStepWD (as PyTorch's): <c>initial · gamma^#{m ∈ milestones : t ≥ m}</c>
/// (a repeated milestone counts twice).
/// </summary>
/// <param name="InitialValue">The value before the first milestone.</param>
/// <param name="Gamma">The factor applied at each milestone.</param>
/// <param name="Milestones">The milestones (any order).</param>
public sealed record MultiStepSchedule(double InitialValue, double Gamma, IReadOnlyList<long> Milestones) : IInitialValueSchedule
{
    /// <summary>The milestones, sorted.</summary>
    public IReadOnlyList<long> Milestones { get; } = [.. ScheduleChecks.NotNull(Milestones, "milestones").Order()];

    /// <inheritdoc/>
    public double ValueAt(long step) => InitialValue * StepCurve.MultiStep(Gamma, Milestones, step);
}
