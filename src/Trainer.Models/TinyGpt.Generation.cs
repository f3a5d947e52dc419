namespace Training.Models;

public sealed partial class TinyGpt
{
    /// <summary>
    /// Extends each row of <paramref name="input"/> [B, T0] by <paramref name="maxNewTokens"/> sampled tokens and returns
    /// [B, T0 + maxNewTokens] (int64). Each step looks at the last <see cref="TinyGptConfig.BlockSize"/> tokens, divides
    /// the last position's logits by <paramref name="temperature"/> and samples from their softmax with
    /// <paramref name="generator"/> (or the default generator). Runs without gradients and in evaluation mode (dropout
    /// off); the previous mode is restored. Only the result stays in the caller's dispose scope. NaN or infinite logits
    /// raise <see cref="NonFiniteLogitsException"/> instead of being sampled.
    /// </summary>
    public Tensor Generate(Tensor input, int maxNewTokens, double temperature = 1.0, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (!(temperature > 0 && double.IsFinite(temperature)))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be positive and finite");
        if (input.ndim != 2) throw new ArgumentException($"input must be [B, T], got [{string.Join(", ", input.shape)}]", nameof(input));
        var (batch, start) = (input.size(0), input.size(1));
        if (start == 0) throw new ArgumentException("input needs at least one token per row to condition on", nameof(input));

        return InEvaluationMode(() =>
        {
            using var noGrad = no_grad();
            // One native Scalar for every step instead of an implicit conversion per token.
            using Scalar divisor = temperature.ToScalar();
            // One buffer for the whole sequence, filled in place, instead of a concatenation per token.
            var sequence = empty([batch, start + maxNewTokens], ScalarType.Int64);
            using (NewDisposeScope())
            {
                sequence.narrow(1, 0, start).copy_(input);
                for (var length = start; length < start + maxNewTokens; length++)
                {
                    using var step = NewDisposeScope();
                    var window = Math.Min(length, Config.BlockSize);
                    var hidden = Hidden(sequence.narrow(1, length - window, window));
                    // Only the last position is sampled, so only its logits are computed.
                    var logits = lmHead.call(hidden.select(1, -1));
                    if (temperature != 1.0) logits.div_(divisor);
                    RefuseNonFinite(logits, length);
                    var next = multinomial(nn.functional.softmax(logits, -1), 1, generator: generator);
                    sequence.narrow(1, length, 1).copy_(next);
                }
            }

            return sequence;
        });
    }

    // One small reduction per token (the logits of the last position only); the failing rows are found only on failure.
    private static void RefuseNonFinite(Tensor logits, long position)
    {
        if (logits.isfinite().all().item<bool>()) return;
        var rows = logits.isfinite().all(-1).logical_not().nonzero().flatten().data<long>().ToArray();
        throw new NonFiniteLogitsException(
            $"TinyGpt.Generate: the logits for token {position} (batch row{(rows.Length == 1 ? "" : "s")} {string.Join(", ", rows)}) are not finite (NaN or infinite); " +
            "the model's parameters are probably not finite (Training:NonFiniteParameters, unless Off, keeps them finite in training), so nothing is sampled",
            position);
    }
}
