namespace Training.Schedulers;

/// <summary>
/// A schedule: a pure function of the step (<c>t</c> = number of scheduler steps taken, 0 at construction).
/// Because it has no state, resuming needs only the step count, and every value can be tested point by point.
/// </summary>
public interface ISchedule
{
    /// <summary>The value at step <paramref name="step"/> (≥ 0).</summary>
    double ValueAt(long step);
}

/// <summary>A schedule from a function.</summary>
/// <param name="Function">The value as a function of the step.</param>
public sealed record FunctionSchedule(Func<long, double> Function) : ISchedule
{
    /// <inheritdoc/>
    public double ValueAt(long step) => Function(step);
}
