using System.Collections;
using TorchSharp;
using Training.Optim;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// The post-update parameter guard (<see cref="TrainingArguments.NonFiniteParameters"/>): before an update it copies
/// the parameters and the optimizer's state dict into buffers it keeps between steps (so a step costs copies, not
/// allocations); after the update one fused check tells whether every parameter is still finite, and if not,
/// <see cref="Restore"/> puts parameters and optimizer state back exactly as they were. The check and the copies run
/// on the parameters' own device.
/// </summary>
internal sealed class NonFiniteGuard : IDisposable
{
    private readonly List<Tensor> parameterCopies = [];
    private OrderedDictionary<object, object?>? optimizerCopy;
    private readonly Dictionary<string, Tensor> stateBuffers = new(StringComparer.Ordinal);

    /// <summary>
    /// True when every element of every tensor is finite. A per-tensor sum (accumulated in float32 at least) is
    /// stacked and tested once, so the common case is one reduction per tensor and a single device sync; NaN and
    /// ±inf always reach the sum. A finite sum overflowing to inf is possible only for enormous values, so a
    /// failed test is confirmed element-wise before it is believed.
    /// </summary>
    public static bool AllFinite(IReadOnlyList<Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) return true;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var device = tensors[0].device;
        var sums = tensors.Select(t => Sum(t).to(device)).ToArray();
        if (torch.stack(sums).isfinite().all().item<bool>()) return true;
        return torch.stack(tensors.Select(t => t.isfinite().all().to(device)).ToArray()).all().item<bool>();
    }

    private static Tensor Sum(Tensor t) =>
        t.dtype is ScalarType.Float64 or ScalarType.Float32 ? t.sum()
        : torch.is_floating_point(t.dtype) ? t.sum(ScalarType.Float32)
        : t.isfinite().all().to(ScalarType.Float32); // complex or integer: let the exact test decide

    /// <summary>Copies <paramref name="parameters"/> and <paramref name="optimizer"/>'s state dict (every tensor in it).</summary>
    public void Capture(IReadOnlyList<Tensor> parameters, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            if (i == parameterCopies.Count) parameterCopies.Add(EmptyLike(parameters[i]));
            else if (!SameLayout(parameterCopies[i], parameters[i]))
            {
                parameterCopies[i].Dispose();
                parameterCopies[i] = EmptyLike(parameters[i]);
            }

            parameterCopies[i].copy_(parameters[i]);
        }

        var live = optimizer.StateDict();
        var unused = new Dictionary<string, Tensor>(stateBuffers, StringComparer.Ordinal);
        stateBuffers.Clear();
        optimizerCopy = (OrderedDictionary<object, object?>)CopyTree(live, "", unused)!;
        foreach (var stale in unused.Values) stale.Dispose();
    }

    /// <summary>
    /// Puts back what <see cref="Capture"/> copied: parameters in place (their identity is kept), optimizer state
    /// through <see cref="Optimizer.LoadStateDict(IDictionary)"/> (which copies, so the buffers stay ours).
    /// </summary>
    public void Restore(IReadOnlyList<Tensor> parameters, Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (optimizerCopy is null || parameterCopies.Count < parameters.Count)
            throw new InvalidOperationException("NonFiniteGuard.Restore without a Capture of these parameters");
        using (torch.no_grad())
            for (var i = 0; i < parameters.Count; i++) parameters[i].copy_(parameterCopies[i]);
        optimizer.LoadStateDict(optimizerCopy);
    }

    /// <summary>Releases the copies.</summary>
    public void Dispose()
    {
        foreach (var t in parameterCopies) t.Dispose();
        parameterCopies.Clear();
        foreach (var t in stateBuffers.Values) t.Dispose();
        stateBuffers.Clear();
        optimizerCopy = null;
    }

    // A copy of a state-dict tree: containers rebuilt, tensors copied into buffers kept by path (reused when the
    // layout matches, so steady-state steps allocate nothing), plain values kept (arrays cloned).
    private object? CopyTree(object? node, string path, Dictionary<string, Tensor> unused)
    {
        switch (node)
        {
            case Tensor t:
                if (!unused.Remove(path, out var buffer) || !SameLayout(buffer, t))
                {
                    buffer?.Dispose();
                    buffer = EmptyLike(t);
                }

                buffer.copy_(t);
                stateBuffers[path] = buffer;
                return buffer;
            case IDictionary dictionary:
                var copy = new OrderedDictionary<object, object?>();
                foreach (DictionaryEntry entry in dictionary) copy[entry.Key] = CopyTree(entry.Value, $"{path}/{entry.Key}", unused);
                return copy;
            case Array array:
                return array.Clone();
            case IList list:
                var items = new List<object?>(list.Count);
                for (var i = 0; i < list.Count; i++) items.Add(CopyTree(list[i], $"{path}[{i}]", unused));
                return items;
            default:
                return node;
        }
    }

    private static bool SameLayout(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.device_type == b.device_type && a.device_index == b.device_index && a.shape.SequenceEqual(b.shape);

    private static Tensor EmptyLike(Tensor t) => torch.empty_like(t).DetachFromDisposeScope();
}
