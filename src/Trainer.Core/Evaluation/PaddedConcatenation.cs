using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Core;

/// <summary>
/// Transformers' <c>nested_concat</c> for tensors: concatenates on the first dimension; when the pieces differ on the
/// second (batches of different sequence lengths), the result is as wide as the widest and the rest is filled with
/// the padding index (-100). 0-dim pieces count as one-element vectors (<c>atleast_1d</c>). Concatenating a list at
/// once gives what folding Transformers' pairwise rule over it gives.
/// </summary>
internal static class PaddedConcatenation
{
    /// <summary>The pieces concatenated, a new tensor in the current dispose scope on the first piece's device.</summary>
    public static Tensor Concatenate(IReadOnlyList<Tensor> pieces, double paddingIndex = LossItemCount.IgnoreIndex)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        if (pieces.Count == 0) throw new ArgumentException("nothing to concatenate", nameof(pieces));
        var parts = pieces.Select(p => p.dim() == 0 ? p.reshape(1) : p).ToList();
        var first = parts[0];
        if (first.dim() == 1 || parts.All(p => p.dim() > 1 && p.size(1) == first.size(1))) return torch.cat(parts, 0);

        var width = parts.Max(p => p.size(1));
        var shape = first.shape.ToArray();
        shape[0] = parts.Sum(p => p.size(0));
        shape[1] = width;
        var result = first.new_full(shape, Scalars.Keep(paddingIndex));
        var offset = 0L;
        foreach (var part in parts)
        {
            using var rows = result.narrow(0, offset, part.size(0));
            using var target = rows.narrow(1, 0, part.size(1));
            target.copy_(part);
            offset += part.size(0);
        }

        return result;
    }
}
