namespace Training.Models;

/// <summary>
/// Turns a Hugging Face <c>attention_mask</c> [B, T] (1 = a real token, 0 = padding) into the additive mask
/// <c>scaled_dot_product_attention</c> takes, [B, 1, T, T]: 0 where a query may look, the dtype's lowest finite value
/// (Transformers' <c>finfo.min</c>) on a padded key it could otherwise see, and −∞ on the future. Every row keeps its
/// own diagonal finite, so a query whose visible keys are all padding (the first positions of a left-padded row)
/// weighs those keys uniformly instead of producing the NaN a boolean mask with no true entry gives. Transformers
/// versions disagree on such rows (its old eager mask adds finfo.min twice on the future and so also weighs the
/// future real tokens; newer ones weigh every key), and their outputs feed no loss unless a padded position predicts a
/// real label; every other position equals Transformers exactly.
/// </summary>
internal static class Gpt2AttentionMask
{
    /// <summary>The additive mask, or null when nothing is padded (the caller then uses the built-in causal mask).</summary>
    public static Tensor? Build(Tensor? attentionMask, long batch, long length, ScalarType dtype)
    {
        if (attentionMask is null) return null;
        if (attentionMask.ndim != 2 || attentionMask.size(0) != batch || attentionMask.size(1) != length)
            throw new ArgumentException(
                $"attention_mask has shape [{string.Join(", ", attentionMask.shape)}] but input_ids has [{batch}, {length}]", nameof(attentionMask));
        // An explicit Scalar, disposed here: an implicit conversion's would wait for the finalizer, every forward pass.
        using Scalar padding = 0.ToScalar();
        var padded = attentionMask.eq(padding);
        // One reduction decides: an unpadded batch keeps the fused causal kernel.
        if (!padded.any().item<bool>()) return null;

        using Scalar lowest = (Lowest(dtype)).ToScalar();
        using Scalar hidden = double.NegativeInfinity.ToScalar();
        using var future = ones([length, length], ScalarType.Bool, device: attentionMask.device).triu(1);
        var mask = zeros([batch, 1, length, length], dtype, device: attentionMask.device);
        mask.masked_fill_(padded.view(batch, 1, 1, length), lowest);
        return mask.masked_fill_(future, hidden);
    }

    // torch.finfo(dtype).min: adding it to a score leaves a weight of exactly 0 after softmax, unlike a large negative
    // constant, yet stays finite, unlike −∞.
    private static double Lowest(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => double.MinValue,
        ScalarType.Float16 => -65504.0,
        ScalarType.BFloat16 => -3.3895313892515355e38,
        _ => float.MinValue,
    };
}
