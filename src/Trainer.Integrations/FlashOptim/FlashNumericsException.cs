namespace Training.Integrations;

/// <summary>
/// FlashOptim's <c>NumericsError</c>: with <c>check_numerics</c>, the learning rate is too small to change the largest
/// weight of a tensor at its effective precision (parameter dtype widened by the error bits).
/// </summary>
public sealed class FlashNumericsException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    public FlashNumericsException(string message) : base(message) { }

    /// <summary>Creates the exception with no message.</summary>
    public FlashNumericsException() { }

    /// <summary>Creates the exception with an inner exception.</summary>
    public FlashNumericsException(string message, Exception innerException) : base(message, innerException) { }
}
