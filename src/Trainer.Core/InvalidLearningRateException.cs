namespace Training.Core;

/// <summary>
/// The scheduler gave a parameter group a learning rate that is NaN, infinite or negative, and <c>NonFiniteLoss</c>
/// is <c>Stop</c>; nothing of that update was applied.
/// </summary>
public sealed class InvalidLearningRateException(string message, string scheduler, long step) : InvalidOperationException(message)
{
    /// <summary>The name of the scheduler that produced the value.</summary>
    public string Scheduler { get; } = scheduler;

    /// <summary>The 1-based optimizer step that would have used it.</summary>
    public long Step { get; } = step;
}
