namespace Training.Models;

/// <summary>
/// Transformers' causal language-model loss (<c>ForCausalLMLoss</c>): the logits at position t predict the label at
/// t + 1, labels of −100 are ignored, and the cross entropy is computed in float32. Without a count it is the mean over
/// the counted tokens; with <c>num_items_in_batch</c> it is their sum divided by that count, so the micro-batches of
/// one accumulated update add up to the mean over all their tokens however many each holds.
/// </summary>
public static class CausalLanguageModelLoss
{
    /// <summary>The label that contributes nothing to the loss (padding, prompts), as PyTorch's <c>ignore_index</c>.</summary>
    public const long IgnoreIndex = -100;

    /// <summary>
    /// The loss of <paramref name="logits"/> [B, T, V] against <paramref name="labels"/> [B, T] (unshifted: the model
    /// shifts). With <paramref name="numItemsInBatch"/>, the sum over counted tokens divided by it (a count of 0 gives
    /// 0, not Transformers' NaN: a window without label tokens then contributes nothing); else the mean (NaN when no
    /// token counts, as in Transformers).
    /// </summary>
    public static Tensor Compute(Tensor logits, Tensor labels, long? numItemsInBatch = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.ndim != 3 || labels.ndim != 2 || labels.size(0) != logits.size(0) || labels.size(1) != logits.size(1))
            throw new ArgumentException(
                $"labels [{string.Join(", ", labels.shape)}] must be [batch, length] of logits [{string.Join(", ", logits.shape)}]", nameof(labels));
        if (numItemsInBatch < 0)
            throw new ArgumentOutOfRangeException(nameof(numItemsInBatch), numItemsInBatch, "num_items_in_batch must not be negative");
        if (!IsInteger(labels.dtype))
            throw new ArgumentException($"labels must hold integer token ids, got {labels.dtype}", nameof(labels));

        var (batch, length, vocab) = (logits.size(0), logits.size(1), logits.size(2));
        // Shift the labels, not the logits: the last position gets the ignored label, so the logits are used as they
        // are instead of copying all but their last position ([B, T−1, V] is the largest tensor of a step).
        using Scalar ignore = IgnoreIndex.ToScalar();
        var targets = full([batch, length], ignore, ScalarType.Int64, device: labels.device);
        if (length > 1) targets.narrow(1, 0, length - 1).copy_(labels.narrow(1, 1, length - 1));
        var scores = logits.dtype is ScalarType.Float32 or ScalarType.Float64 ? logits : logits.to(ScalarType.Float32);
        var flat = scores.reshape(-1, vocab);
        if (numItemsInBatch is not { } count)
            return nn.functional.cross_entropy(flat, targets.view(-1), ignore_index: IgnoreIndex, reduction: nn.Reduction.Mean);
        var sum = nn.functional.cross_entropy(flat, targets.view(-1), ignore_index: IgnoreIndex, reduction: nn.Reduction.Sum);
        using Scalar divisor = ((double)Math.Max(count, 1)).ToScalar();
        return sum.div(divisor);
    }

    /// <summary>Whether <paramref name="dtype"/> holds integers (token ids and labels do).</summary>
    internal static bool IsInteger(ScalarType dtype) =>
        dtype is ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte;

    /// <summary>The number of tokens of <paramref name="labels"/> [B, T] that count in the loss: labels[:, 1:] ≠ −100.</summary>
    public static long CountItems(Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.ndim != 2) throw new ArgumentException($"labels must be [batch, length], got [{string.Join(", ", labels.shape)}]", nameof(labels));
        if (labels.size(1) < 2) return 0;
        using var scope = NewDisposeScope();
        using Scalar ignore = IgnoreIndex.ToScalar();
        return labels.narrow(1, 1, labels.size(1) - 1).ne(ignore).sum().item<long>();
    }
}
