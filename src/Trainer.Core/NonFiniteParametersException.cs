namespace Training.Core;

/// <summary>
/// An update made parameters NaN or infinite and <c>NonFiniteParameters</c> is <c>Stop</c>; the update was undone
/// before this was thrown, so the model and any checkpoint written afterwards hold the last finite parameters.
/// </summary>
public sealed class NonFiniteParametersException(string message, long step) : InvalidOperationException(message)
{
    /// <summary>The 1-based optimizer step whose update was undone.</summary>
    public long Step { get; } = step;
}
