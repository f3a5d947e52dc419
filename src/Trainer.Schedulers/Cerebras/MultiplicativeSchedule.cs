namespace Training.Schedulers;

/// <summary>Cerebras' MultiplicativeLR / MultiplicativeWD: <c>initial · coefficient^t</c> (PyTorch's MultiplicativeLR with a constant factor).</summary>
/// <param name="InitialValue">The value at step 0.</param>
/// <param name="Coefficient">The factor per step.</param>
public sealed record MultiplicativeSchedule(double InitialValue, double Coefficient) : IInitialValueSchedule
{
    /// <inheritdoc/>
    public double ValueAt(long step) => InitialValue * Math.Pow(Coefficient, step);
}
