using System.Collections;
using System.Reflection;

namespace Training.TorchExtensions.Autograd;

/// <summary>
/// TorchSharp 0.107 keeps, per custom-function node, an <c>empty_like</c> of every output (used only to materialise
/// undefined incoming gradients as zeros) for the node's lifetime: for a gate on a module's input that is one more
/// activation-sized allocation per gated call. The gate turns materialisation off, so the cache is never read and is
/// released here, through the private fields of TorchSharp's node (<c>AutogradContext._node</c>,
/// <c>Node&lt;T&gt;._outputCache</c>). If a TorchSharp version renames them nothing is released: the cost is memory,
/// never correctness.
/// </summary>
internal static class NodeOutputCache
{
    private static readonly FieldInfo? NodeField =
        typeof(autograd.AutogradContext).GetField("_node", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>True when this TorchSharp version has the fields released here.</summary>
    public static bool IsAvailable => NodeField is not null
        && typeof(autograd.AutogradContext).Assembly.GetTypes().Any(t => t.Name == "Node`1" && t.GetField("_outputCache", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    /// <summary>Disposes and forgets the cached outputs of the node behind <paramref name="context"/>.</summary>
    public static void Release(autograd.AutogradContext context)
    {
        var node = NodeField?.GetValue(context);
        var cacheField = node?.GetType().GetField("_outputCache", BindingFlags.NonPublic | BindingFlags.Instance);
        if (cacheField?.GetValue(node) is not IList cache) return;
        for (var i = 0; i < cache.Count; i++)
        {
            (cache[i] as Tensor)?.Dispose();
            cache[i] = null;
        }
    }
}
