using System.Collections;
using TorchSharp;
using static TorchSharp.torch;

namespace Training.Optim;

public abstract partial class Optimizer
{
    /// <summary>
    /// Checks that <paramref name="stateDict"/> would load into this optimizer and leave it able to step, without
    /// changing anything: the groups and their parameter counts; every hyperparameter of a known kind (number, flag,
    /// pair, text) as this optimizer's own, finite, and accepted by the optimizer's group validation; every state
    /// entry keyed by a listed parameter, and every state tensor with the dtype and shape this optimizer creates for
    /// it (a dtype relabel is refused, never converted) and finite values. Throws <see cref="InvalidDataException"/>
    /// naming the entry (<c>param_groups[0].betas</c>, <c>state[3].exp_avg</c>) and the bad value.
    /// </summary>
    /// <remarks>Stricter than <see cref="LoadStateDict(IDictionary)"/>, which follows PyTorch and casts floating-point state.</remarks>
    public virtual void ValidateStateDict(IDictionary stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var savedGroups = Entry(stateDict, "param_groups") as IList ?? throw Invalid("'param_groups' is not a list");
        if (savedGroups.Count != paramGroups.Count)
            throw Invalid($"'param_groups' has {savedGroups.Count} groups, this {Name} optimizer has {paramGroups.Count}");
        var byIndex = new Dictionary<long, (ParamGroup Group, Tensor Parameter)>();
        for (var g = 0; g < savedGroups.Count; g++)
        {
            var saved = savedGroups[g] as IDictionary ?? throw Invalid($"param_groups[{g}] is not a dictionary");
            CheckGroup(g, saved, byIndex);
        }

        if (!stateDict.Contains("state") || stateDict["state"] is null) return;
        var state = stateDict["state"] as IDictionary ?? throw Invalid("'state' is not a dictionary");
        foreach (DictionaryEntry entry in state)
        {
            if (entry.Key is not long id) throw Invalid($"'state' has the key {StateValues.Describe(entry.Key)}, expected a parameter index");
            if (!byIndex.TryGetValue(id, out var target)) throw Invalid($"state[{id}] belongs to parameter index {id}, which no parameter group lists");
            var values = entry.Value as IDictionary ?? throw Invalid($"state[{id}] is not a dictionary");
            CheckState($"state[{id}]", target.Group, target.Parameter, values);
        }
    }

    private void CheckGroup(int g, IDictionary saved, Dictionary<long, (ParamGroup Group, Tensor Parameter)> byIndex)
    {
        var group = paramGroups[g];
        var ids = Entry(saved, "params", $"param_groups[{g}]") as IList ?? throw Invalid($"param_groups[{g}].params is not a list");
        if (ids.Count != group.Parameters.Count)
            throw Invalid($"param_groups[{g}].params lists {ids.Count} parameters, this optimizer's group {g} has {group.Parameters.Count}");
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is not long id || id < 0) throw Invalid($"param_groups[{g}].params[{i}] is {StateValues.Describe(ids[i])}, expected a parameter index");
            if (!byIndex.TryAdd(id, (group, group.Parameters[i]))) throw Invalid($"param_groups[{g}].params[{i}]: parameter index {id} is listed twice");
        }

        var merged = new Dictionary<string, object?>(group.Options, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in saved)
        {
            var where = $"param_groups[{g}].{entry.Key}";
            if (entry.Key is not string key) throw Invalid($"param_groups[{g}] has the key {StateValues.Describe(entry.Key)}, expected a hyperparameter name");
            if (key == "params") continue;
            if (key == "tags")
            {
                if (entry.Value is not IList tags || tags.Cast<object?>().Any(t => t is not string)) throw Invalid($"{where} is not a list of strings");
                continue;
            }

            object? value;
            try
            {
                value = new ParamGroup([], new Dictionary<string, object?> { [key] = entry.Value }).GetValue(key);
            }
            catch (ArgumentException e)
            {
                throw Invalid($"{where}: {e.Message}");
            }

            if (group.Options.TryGetValue(key, out var live)) StateValues.CheckSameKind(where, value, live);
            merged[key] = value;
        }

        try
        {
            ValidateGroup(new ParamGroup(group.Parameters, merged, group.Tags));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            throw Invalid($"param_groups[{g}] is refused by {Name}: {e.Message}");
        }
    }

    private void CheckState(string where, ParamGroup group, Tensor parameter, IDictionary saved)
    {
        // The state this optimizer would create for the parameter is the reference for dtypes and shapes.
        using var scope = torch.NewDisposeScope();
        using var template = new ParameterState();
        using (torch.no_grad()) InitializeState(group, parameter, template);
        var expected = template.Entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in saved)
        {
            if (entry.Key is not string name) throw Invalid($"{where} has the key {StateValues.Describe(entry.Key)}, expected a state name");
            var path = $"{where}.{name}";
            var scalar = TensorScalarNames.Contains(name) || IntegerScalarNames.Contains(name) || expected.GetValueOrDefault(name) is double or long;
            switch (entry.Value)
            {
                case null:
                    break;
                case Tensor t when scalar:
                    if (t.numel() != 1) throw Invalid($"{path} is a tensor of shape [{string.Join(", ", t.shape)}], expected a single number");
                    StateValues.CheckFinite(path, t);
                    break;
                case Tensor t:
                    CheckTensor(path, t, expected.GetValueOrDefault(name) as Tensor ?? (name == "momentum_buffer" ? parameter : null));
                    break;
                case double d:
                    if (!double.IsFinite(d)) throw Invalid($"{path} is {d}, expected a finite number");
                    break;
                case long:
                    break;
                default:
                    throw Invalid($"{path} is {StateValues.Describe(entry.Value)}, expected a tensor or a number");
            }
        }
    }

    private static void CheckTensor(string path, Tensor saved, Tensor? like)
    {
        if (like is not null)
        {
            if (saved.dtype != like.dtype) throw Invalid($"{path} has dtype {saved.dtype}, this optimizer keeps it as {like.dtype}");
            if (!saved.shape.SequenceEqual(like.shape))
                throw Invalid($"{path} has shape [{string.Join(", ", saved.shape)}], this optimizer keeps it as [{string.Join(", ", like.shape)}]");
        }

        StateValues.CheckFinite(path, saved);
    }

    private static object? Entry(IDictionary dict, string key, string? where = null) =>
        dict.Contains(key) ? dict[key] : throw Invalid(where is null ? $"the state dict has no '{key}' entry" : $"{where} has no '{key}' entry");

    private static InvalidDataException Invalid(string problem) => new(problem);
}
