namespace Training.Schedulers;

/// <summary>Cerebras' StepLR / StepWD (as PyTorch's): <c>initial · gamma^⌊t / step_size⌋</c>.</summary>
/// <param name="InitialValue">The value at step 0.</param>
/// <param name="StepSize">Steps between decays (positive).</param>
/// <param name="Gamma">The factor per decay.</param>
public sealed record StepDecaySchedule(double InitialValue, long StepSize, double Gamma) : IInitialValueSchedule
{
    /// <summary>Steps between decays (positive).</summary>
    public long StepSize { get; } = ScheduleChecks.Positive(StepSize, "step_size");

    /// <inheritdoc/>
    public double ValueAt(long step) => InitialValue * StepCurve.Step(Gamma, step, StepSize);
}
