using System.Collections;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

public abstract partial class Optimizer
{
    private readonly Dictionary<Tensor, Dictionary<string, Tensor>> scalarTensors = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The state in PyTorch's layout: <c>{"state": {index: {name: value}}, "param_groups": [{key: value, ...,
    /// "params": [index, ...]}]}</c>, where indices count parameters across groups in order. Tensors are the live
    /// state tensors (as in PyTorch); <see cref="SaveStateDict"/> writes it as <c>optimizer.pt</c>. Every tensor in it
    /// belongs to this optimizer — scalar entries PyTorch keeps as 0-dim tensors (<c>step</c>) included — so the caller
    /// frees nothing, and the tensors live until the optimizer is disposed.
    /// </summary>
    public virtual OrderedDictionary<object, object?> StateDict()
    {
        var index = new Dictionary<Tensor, long>(ReferenceEqualityComparer.Instance);
        var groups = new List<object?>();
        foreach (var group in paramGroups)
        {
            var packed = new OrderedDictionary<object, object?>();
            foreach (var (key, value) in group.Options) packed[key] = ToPython(value);
            if (group.Tags.Count > 0) packed["tags"] = group.Tags.Order(StringComparer.Ordinal).Cast<object?>().ToList();
            var ids = new List<object?>();
            foreach (var p in group.Parameters)
            {
                var id = index.Count;
                index[p] = id;
                ids.Add((long)id);
            }

            packed["params"] = ids;
            groups.Add(packed);
        }

        var state = new OrderedDictionary<object, object?>();
        foreach (var p in Parameters)
        {
            if (!states.TryGetValue(p, out var s)) continue;
            var entries = new OrderedDictionary<object, object?>();
            foreach (var (name, value) in s.Entries)
                entries[name] = value switch
                {
                    double d when TensorScalarNames.Contains(name) => ScalarTensor(p, name, d),
                    double d when IntegerScalarNames.Contains(name) => (long)d,
                    _ => value,
                };
            state[index[p]] = entries;
        }

        return new OrderedDictionary<object, object?> { ["state"] = state, ["param_groups"] = groups };
    }

    /// <summary>
    /// Restores a state dict written by <see cref="StateDict"/> or by PyTorch. Group hyperparameters are
    /// replaced by the saved ones; state tensors are copied (never aliased), floating-point ones cast to
    /// their parameter's dtype as PyTorch does.
    /// </summary>
    public virtual void LoadStateDict(IDictionary stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var savedGroups = AsList(Require(stateDict, "param_groups"), "param_groups");
        if (savedGroups.Count != paramGroups.Count)
            throw new ArgumentException($"loaded state dict has {savedGroups.Count} parameter groups, this {Name} optimizer has {paramGroups.Count}");

        var byIndex = new Dictionary<long, (ParamGroup Group, Tensor Parameter)>();
        for (var g = 0; g < savedGroups.Count; g++)
        {
            var saved = AsDictionary(savedGroups[g], $"param_groups[{g}]");
            var ids = AsList(Require(saved, "params"), $"param_groups[{g}].params");
            var group = paramGroups[g];
            if (ids.Count != group.Parameters.Count)
                throw new ArgumentException($"loaded parameter group {g} has {ids.Count} parameters, this optimizer's has {group.Parameters.Count}");
            for (var i = 0; i < ids.Count; i++) byIndex[Convert.ToInt64(ids[i])] = (group, group.Parameters[i]);
        }

        var restored = new List<KeyValuePair<Tensor, ParameterState>>();
        try
        {
            if (stateDict.Contains("state") && stateDict["state"] is IDictionary savedState)
            {
                foreach (DictionaryEntry entry in savedState)
                {
                    var id = Convert.ToInt64(entry.Key);
                    if (!byIndex.TryGetValue(id, out var target))
                        throw new ArgumentException($"loaded state refers to parameter index {id}, which no parameter group lists");
                    restored.Add(new(target.Parameter, RestoreState(target.Parameter, AsDictionary(entry.Value, $"state[{id}]"))));
                }
            }
        }
        catch
        {
            foreach (var (_, s) in restored) s.Dispose();
            throw;
        }

        for (var g = 0; g < savedGroups.Count; g++)
        {
            var saved = AsDictionary(savedGroups[g], $"param_groups[{g}]");
            foreach (DictionaryEntry entry in saved)
            {
                var key = (string)entry.Key;
                if (key == "params") continue;
                if (key == "tags")
                {
                    paramGroups[g].Tags.Clear();
                    foreach (var tag in AsList(entry.Value, "tags")) paramGroups[g].Tags.Add((string)tag!);
                    continue;
                }

                paramGroups[g].SetValue(key, entry.Value);
            }
        }

        ReplaceStates(restored);
    }

    private ParameterState RestoreState(Tensor parameter, IDictionary saved)
    {
        var state = new ParameterState();
        var parameterType = parameter.dtype;
        foreach (DictionaryEntry entry in saved)
        {
            var name = (string)entry.Key;
            switch (entry.Value)
            {
                case Tensor t when (TensorScalarNames.Contains(name) || IntegerScalarNames.Contains(name)) && t.numel() == 1:
                    state.SetScalar(name, t.ReadDouble());
                    break;
                case Tensor t:
                    // Copy, never alias: the source may be disposed or reused by the caller.
                    var copy = torch.is_floating_point(t.dtype) && torch.is_floating_point(parameterType) && t.dtype != parameterType
                        ? t.to(parameterType, copy: true)
                        : t.clone();
                    state.SetTensor(name, copy);
                    break;
                case long or int when !TensorScalarNames.Contains(name) && !IntegerScalarNames.Contains(name):
                    // A plain integer entry (e.g. a random seed) stays exact.
                    state.SetInteger(name, Convert.ToInt64(entry.Value));
                    break;
                case double or float or long or int:
                    state.SetScalar(name, Convert.ToDouble(entry.Value));
                    break;
                case null:
                    break; // e.g. SGD's momentum_buffer before the first step
                default:
                    throw new ArgumentException($"state entry '{name}' has an unsupported value of type {entry.Value.GetType().Name}");
            }
        }

        return state;
    }

    /// <summary>Writes <see cref="StateDict"/> to <paramref name="path"/> in PyTorch's <c>torch.save</c> format (atomic).</summary>
    public void SaveStateDict(string path) => TorchFile.Save(StateDict(), path);

    /// <summary>Loads a state dict from a <c>torch.save</c> file (written here or by PyTorch).</summary>
    public void LoadStateDict(string path)
    {
        using var scope = torch.NewDisposeScope();
        var loaded = TorchFile.Load(path) as IDictionary
                     ?? throw new InvalidDataException($"{path} does not hold an optimizer state dict (a dictionary)");
        LoadStateDict(loaded);
    }

    // The 0-dim tensor a scalar entry is shown as: one per parameter and name, created once, refreshed on every call and
    // released with the optimizer, so a state dict only ever holds tensors this optimizer owns.
    private Tensor ScalarTensor(Tensor parameter, string name, double value)
    {
        if (!scalarTensors.TryGetValue(parameter, out var byName))
            scalarTensors[parameter] = byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        if (byName.TryGetValue(name, out var tensor))
        {
            using var scope = torch.NewDisposeScope();
            tensor.fill_(Scalars.Keep((float)value));
            return tensor;
        }

        tensor = torch.tensor((float)value).DetachFromDisposeScope();
        byName[name] = tensor;
        return tensor;
    }

    private void ReleaseScalarTensors()
    {
        foreach (var tensor in scalarTensors.Values.SelectMany(byName => byName.Values)) tensor.Dispose();
        scalarTensors.Clear();
    }

    private static object? ToPython(object? value) => value switch
    {
        double[] pair => pair.Cast<object?>().ToArray(),
        _ => value,
    };

    private static object? Require(IDictionary dict, string key) =>
        dict.Contains(key) ? dict[key] : throw new ArgumentException($"state dict has no '{key}' entry");

    private static IDictionary AsDictionary(object? value, string what) =>
        value as IDictionary ?? throw new ArgumentException($"{what} is not a dictionary");

    private static IList AsList(object? value, string what) =>
        value as IList ?? throw new ArgumentException($"{what} is not a list");
}
