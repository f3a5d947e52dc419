namespace Training.Schedulers;

/// <summary>
/// Cerebras' InverseSquareRootDecayLR / …WD: <c>initial · scale / sqrt(max(warmup_steps, t))</c>, flat at
/// <c>initial·scale/sqrt(warmup_steps)</c> up to <c>warmup_steps</c>. Defaults are Cerebras' (1, 1, 1).
/// </summary>
/// <param name="InitialValue">The numerator's base value.</param>
/// <param name="Scale">A multiplier of <paramref name="InitialValue"/>.</param>
/// <param name="WarmupSteps">The step up to which the value stays flat (positive).</param>
public sealed record InverseSquareRootDecaySchedule(double InitialValue = 1.0, double Scale = 1.0, double WarmupSteps = 1.0) : IInitialValueSchedule
{
    /// <summary>
    /// The step up to which the value stays flat. Cerebras accepts 0 and then writes +inf at step 0; that is never
    /// wanted, so it must be positive here.
    /// </summary>
    public double WarmupSteps { get; } = ScheduleChecks.Positive(WarmupSteps, "warmup_steps");

    /// <inheritdoc/>
    public double ValueAt(long step) => InitialValue * Scale / Math.Sqrt(Math.Max(WarmupSteps, step));
}
