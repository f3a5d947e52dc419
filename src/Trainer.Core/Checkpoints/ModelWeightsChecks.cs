using TorchSharp;
using Training.Optim;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// Checks the tensors of <c>model.safetensors</c> against the model's own state: the same names (nothing missing,
/// nothing extra), the same dtype (a relabel is refused, never converted), the same shape, and finite values.
/// </summary>
internal static class ModelWeightsChecks
{
    /// <summary>Throws <see cref="CheckpointException"/> for <paramref name="file"/> naming the first bad tensor.</summary>
    public static void Check(IReadOnlyDictionary<string, Tensor> saved, IReadOnlyDictionary<string, Tensor> live, string file)
    {
        var missing = live.Keys.Where(k => !saved.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new CheckpointException(file, $"tensor '{missing[0]}' of the model is missing{More(missing)}");
        var extra = saved.Keys.Where(k => !live.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (extra.Count > 0)
            throw new CheckpointException(file, $"tensor '{extra[0]}' is not in the model{More(extra)}");
        foreach (var (name, tensor) in saved.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var target = live[name];
            if (tensor.dtype != target.dtype)
                throw new CheckpointException(file, $"tensor '{name}' has dtype {tensor.dtype}, the model's is {target.dtype}");
            if (!tensor.shape.SequenceEqual(target.shape))
                throw new CheckpointException(file, $"tensor '{name}' has shape [{string.Join(", ", tensor.shape)}], the model's is [{string.Join(", ", target.shape)}]");
            try
            {
                StateValues.CheckFinite($"tensor '{name}'", tensor);
            }
            catch (InvalidDataException e)
            {
                throw new CheckpointException(file, e.Message, e);
            }
        }
    }

    private static string More(List<string> names) => names.Count == 1 ? "" : $" (and {names.Count - 1} more: {string.Join(", ", names.Skip(1).Take(5))})";
}
