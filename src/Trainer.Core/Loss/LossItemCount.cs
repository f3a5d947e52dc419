using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// Counts the label entries that contribute to a loss: those other than the ignore index -100 (Transformers'
/// <c>labels.ne(-100).sum()</c>), over the whole labels or after a causal language model's shift.
/// </summary>
public static class LossItemCount
{
    /// <summary>The ignore index of PyTorch's cross entropy and of Transformers' collators.</summary>
    public const long IgnoreIndex = -100;

    /// <summary>The entries of <paramref name="labels"/> other than -100.</summary>
    public static long NotIgnored(Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = torch.NewDisposeScope();
        // Disposed here rather than by the finalizer, as an implicit conversion's Scalar would be: this runs every step.
        using Scalar ignore = IgnoreIndex.ToScalar();
        return labels.ne(ignore).sum().item<long>();
    }

    /// <summary>The entries of <c>labels[..., 1:]</c> other than -100: what a causal language model's loss covers.</summary>
    public static long AfterShift(Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var last = (int)labels.dim() - 1;
        var length = labels.size(last);
        if (length < 2) return 0;
        using var scope = torch.NewDisposeScope();
        return NotIgnored(labels.narrow(last, 1, length - 1));
    }
}
