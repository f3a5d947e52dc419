namespace Training.TorchExtensions.Autograd;

/// <summary>
/// Finds, for each parameter of interest, the single module that registers it directly. A parameter registered by
/// several modules (tied weights) or by none gets no owner: its gradient is complete only at the end of backward.
/// </summary>
internal static class ParameterOwners
{
    /// <summary>The owner of each of <paramref name="parameters"/> (same order), or null.</summary>
    public static nn.Module?[] Find(nn.Module model, IReadOnlyList<Tensor> parameters)
    {
        var owners = new Dictionary<IntPtr, List<nn.Module>>();
        var modules = new List<nn.Module> { model };
        modules.AddRange(model.modules());
        // A module registered under two names is one module (its calls are all gated); dedupe by reference.
        foreach (var module in modules.Distinct(ReferenceEqualityComparer.Instance).Cast<nn.Module>())
        {
            foreach (var (_, parameter) in module.named_parameters(recurse: false))
            {
                var identity = TensorIdentity.Of(parameter);
                if (!owners.TryGetValue(identity, out var list)) owners[identity] = list = [];
                if (!list.Contains(module)) list.Add(module);
            }
        }

        return parameters.Select(p => owners.TryGetValue(TensorIdentity.Of(p), out var list) && list.Count == 1 ? list[0] : null).ToArray();
    }
}
