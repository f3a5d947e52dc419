using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// Transformers' <c>LabelSmoother</c>: cross entropy against labels smoothed by ε,
/// <c>(1 − ε)·Σ nll / N + ε·Σ_items Σ_classes (−log p) / (N·V)</c> over the items whose label is not the ignore
/// index, with V the number of classes. N is the number of such items in this batch — Transformers' formula — or,
/// when given, <c>numItemsInBatch</c>: the items of the whole gradient-accumulation window, so the micro-batches of
/// one update add up to the smoothed mean over all their items (token-correct accumulation).
/// </summary>
public sealed class LabelSmoother
{
    /// <summary>Creates a smoother.</summary>
    /// <param name="epsilon">The smoothing factor ε in [0, 1) (Transformers' default 0.1).</param>
    /// <param name="ignoreIndex">The label value that marks an item without a loss (default -100).</param>
    public LabelSmoother(double epsilon = 0.1, long ignoreIndex = LossItemCount.IgnoreIndex)
    {
        if (!(epsilon >= 0 && epsilon < 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "the label smoothing factor must be in [0, 1)");
        Epsilon = epsilon;
        IgnoreIndex = ignoreIndex;
    }

    /// <summary>The smoothing factor ε.</summary>
    public double Epsilon { get; }

    /// <summary>The label value that is ignored.</summary>
    public long IgnoreIndex { get; }

    /// <summary>
    /// The smoothed loss of <paramref name="logits"/> [..., V] against <paramref name="labels"/> [...] (0-dim, float32
    /// or wider). With <paramref name="shiftLabels"/> (a causal language model) the logits of positions 0..T-2 are
    /// scored against the labels of positions 1..T-1, the last dimension before the classes being the sequence.
    /// </summary>
    /// <param name="logits">The model's scores.</param>
    /// <param name="labels">Class indices, <see cref="IgnoreIndex"/> where there is no loss.</param>
    /// <param name="shiftLabels">Shift as a causal language model does.</param>
    /// <param name="numItemsInBatch">The items of the whole accumulation window, or null for this batch's own count.</param>
    public Tensor Loss(Tensor logits, Tensor labels, bool shiftLabels = false, long? numItemsInBatch = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (shiftLabels)
        {
            var sequence = (int)logits.dim() - 2;
            var length = logits.size(sequence);
            logits = logits.narrow(sequence, 0, Math.Max(length - 1, 0));
            labels = labels.narrow(labels.dim() - 1, Math.Min(1L, labels.size(-1)), Math.Max(labels.size(-1) - 1, 0));
        }

        var negativeLogProbs = logits.log_softmax(-1).neg();
        if (labels.dim() == negativeLogProbs.dim() - 1) labels = labels.unsqueeze(-1);
        // Every operand as one Scalar disposed here: an implicit conversion allocates a native object per operation and
        // leaves it to the finalizer, and this runs on every training step with label smoothing.
        using Scalar ignore = IgnoreIndex.ToScalar(), zero = 0.0.ToScalar(), first = 0L.ToScalar(), keep = (1 - Epsilon).ToScalar(), epsilon = Epsilon.ToScalar();
        var padding = labels.eq(ignore);
        // The ignore index cannot be gathered; those items are masked out below in any case.
        var nll = negativeLogProbs.gather(-1, labels.clamp_min(first)).masked_fill(padding, zero);
        // Summed in float32 whatever the logits' dtype, as Transformers does for fp16.
        var smoothed = negativeLogProbs.sum(-1L, keepdim: true, type: ScalarType.Float32).masked_fill(padding, zero);
        var classes = negativeLogProbs.size(-1);
        Tensor nllLoss, smoothedLoss;
        if (numItemsInBatch is long items)
        {
            using Scalar count = items.ToScalar(), entries = (items * (double)classes).ToScalar();
            nllLoss = nll.sum().div(count);
            smoothedLoss = smoothed.sum().div(entries);
        }
        else
        {
            var active = padding.logical_not().sum();
            nllLoss = nll.sum().div(active);
            using Scalar classCount = classes.ToScalar();
            smoothedLoss = smoothed.sum().div(active.mul(classCount));
        }

        return nllLoss.mul(keep).add(smoothedLoss.mul(epsilon));
    }
}
