namespace Training.Models;

/// <summary>
/// Generation met NaN or infinite logits (the model's parameters or inputs are not finite): sampling from them would
/// fail inside <c>multinomial</c> or return garbage, so it is refused with the position and rows named.
/// </summary>
public sealed class NonFiniteLogitsException(string message, long position) : InvalidOperationException(message)
{
    /// <summary>The 0-based index in the sequence of the token that was to be sampled.</summary>
    public long Position { get; } = position;
}
