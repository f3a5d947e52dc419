namespace Training.Schedulers;

/// <summary>
/// A Cerebras schedule that starts from a named initial value (<c>initial_learning_rate</c> / <c>initial_val</c>).
/// ChainedLR divides every child after the first by this value, so those children act as factors relative to their
/// start; families without one (ConstantLR, CyclicLR, the composites) cannot be chained after the first position.
/// </summary>
public interface IInitialValueSchedule : ISchedule
{
    /// <summary>The schedule's <c>initial_*</c> argument (not necessarily its value at step 0).</summary>
    double InitialValue { get; }
}
