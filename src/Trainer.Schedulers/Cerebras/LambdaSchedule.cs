namespace Training.Schedulers;

/// <summary>
/// LambdaLR / LambdaWD: <c>initial · λ(t)</c> for a caller-supplied multiplier λ (PyTorch's LambdaLR on an absolute
/// initial value).
/// </summary>
/// <remarks>
/// Cerebras has a bug here: it hard-wires two placeholder lambdas (t/30 and 0.95^t) and multiplies
/// <c>initial·λ</c> over them, which squares <c>initial</c>; we implement the intended semantics, the caller gives
/// the function.
/// </remarks>
/// <param name="InitialValue">The value the multiplier scales.</param>
/// <param name="Multiplier">λ(t).</param>
public sealed record LambdaSchedule(double InitialValue, Func<long, double> Multiplier) : IInitialValueSchedule
{
    /// <summary>λ(t).</summary>
    public Func<long, double> Multiplier { get; } = ScheduleChecks.NotNull(Multiplier, "lr_lambda");

    /// <inheritdoc/>
    public double ValueAt(long step) => InitialValue * Multiplier(step);
}
