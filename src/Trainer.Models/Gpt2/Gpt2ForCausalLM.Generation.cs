namespace Training.Models;

public sealed partial class Gpt2ForCausalLM
{
    /// <summary>
    /// Extends each row of <paramref name="promptIds"/> [B, T0] by up to <paramref name="maxNewTokens"/> tokens chosen
    /// as <paramref name="options"/> says (greedy by default) and returns [B, T0 + generated] (int64; fewer than
    /// <paramref name="maxNewTokens"/> only when every row reached the end-of-text token). Each step sees the last
    /// n_positions tokens; earlier positions' keys and values are cached while the sequence fits. Runs without
    /// gradients and in evaluation mode (dropout off); the previous mode is restored. Only the result stays in the
    /// caller's dispose scope. NaN or infinite logits raise <see cref="NonFiniteLogitsException"/>.
    /// </summary>
    public Tensor Generate(Tensor promptIds, int maxNewTokens, Gpt2GenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(promptIds);
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        options ??= new Gpt2GenerationOptions();
        options.Validate();
        if (promptIds.ndim != 2) throw new ArgumentException($"the prompt must be [batch, length], got [{string.Join(", ", promptIds.shape)}]", nameof(promptIds));
        var (batch, start) = (promptIds.size(0), promptIds.size(1));
        if (start == 0) throw new ArgumentException("the prompt needs at least one token per row to condition on", nameof(promptIds));

        var wasTraining = training;
        eval();
        try
        {
            using var noGrad = no_grad();
            // One buffer for the whole sequence, filled in place, instead of a concatenation per token.
            var sequence = empty([batch, start + maxNewTokens], ScalarType.Int64, device: promptIds.device);
            var length = start;
            using (NewDisposeScope())
            {
                sequence.narrow(1, 0, start).copy_(TokenIds(promptIds));
                length = Extend(sequence, start, options);
            }

            if (length == sequence.size(1)) return sequence;
            var result = sequence.narrow(1, 0, length).clone();
            sequence.Dispose();
            return result;
        }
        finally
        {
            train(wasTraining);
        }
    }

    // Fills sequence[:, start:] token by token; returns the filled length (short when every row has ended).
    private long Extend(Tensor sequence, long start, Gpt2GenerationOptions options)
    {
        var total = sequence.size(1);
        var positions = Config.Positions;
        using var chooser = new Gpt2TokenChooser(options);
        using Scalar pad = (options.PadTokenId ?? options.EosTokenId ?? 0).ToScalar();
        using Scalar eos = (options.EosTokenId ?? 0).ToScalar();
        var finished = options.EosTokenId is null ? null : zeros([sequence.size(0)], ScalarType.Bool, device: sequence.device);
        var cache = options.UseCache && start < positions ? new Gpt2KeyValueCache(Config.Layers, Math.Min(positions, total)) : null;
        try
        {
            for (var length = start; length < total; length++)
            {
                using var step = NewDisposeScope();
                Tensor hidden;
                if (cache is not null && length <= positions)
                {
                    // Only the positions the cache has not seen yet: the whole prompt first, then one token per step.
                    hidden = transformer.Run(sequence.narrow(1, cache.Length, length - cache.Length), null, cache);
                }
                else
                {
                    // The sequence outgrew the position embeddings: the window slides, so every position moves.
                    cache?.Dispose();
                    cache = null;
                    var window = Math.Min(length, positions);
                    hidden = transformer.Run(sequence.narrow(1, length - window, window), null, null);
                }

                // Only the last position chooses, so only its logits are computed.
                var logits = lmHead.call(hidden.select(1, -1));
                RefuseNonFinite(logits, length);
                var next = chooser.Choose(logits);
                if (finished is not null)
                {
                    next.masked_fill_(finished, pad);
                    finished.logical_or_(next.eq(eos));
                }

                sequence.select(1, length).copy_(next);
                if (finished is not null && finished.all().item<bool>()) return length + 1;
            }

            return total;
        }
        finally
        {
            cache?.Dispose();
        }
    }

    // One small reduction per token (the logits of the last position only); the failing rows are found only on failure.
    private static void RefuseNonFinite(Tensor logits, long position)
    {
        if (logits.isfinite().all().item<bool>()) return;
        var rows = logits.isfinite().all(-1).logical_not().nonzero().flatten().data<long>().ToArray();
        throw new NonFiniteLogitsException(
            $"Gpt2ForCausalLM.Generate: the logits for token {position} (batch row{(rows.Length == 1 ? "" : "s")} {string.Join(", ", rows)}) are not finite (NaN or infinite); " +
            "the model's parameters or inputs are probably not finite, so no token is chosen",
            position);
    }
}
