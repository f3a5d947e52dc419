namespace Training.Models;

/// <summary>Module traversal in PyTorch's order.</summary>
internal static class ModuleOrder
{
    /// <summary>
    /// PyTorch's <c>modules()</c> order: depth first, each module before its children. TorchSharp's <c>modules()</c>
    /// lists every child before any grandchild (and leaves the module itself out), so initialising in its order would
    /// draw, e.g., lm_head before the blocks and consume the generator's stream differently from PyTorch.
    /// </summary>
    public static IEnumerable<nn.Module> PreOrder(nn.Module module)
    {
        yield return module;
        foreach (var child in module.children())
        {
            foreach (var descendant in PreOrder(child)) yield return descendant;
        }
    }
}
