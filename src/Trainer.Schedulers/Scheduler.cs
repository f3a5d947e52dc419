using System.Collections;
using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Schedulers;

/// <summary>
/// Base of every scheduler: it drives one hyperparameter (<see cref="Key"/>: <c>lr</c>, <c>weight_decay</c>,
/// <c>momentum</c>, ...) on the parameter groups its tags select. <see cref="Step"/> is called once per optimizer
/// update. <see cref="LastEpoch"/> is PyTorch's <c>last_epoch</c>: 0 right after construction, k after k steps.
/// </summary>
public abstract partial class Scheduler
{
    /// <summary>Attaches to <paramref name="optimizer"/>, driving <paramref name="key"/> on the groups <paramref name="tags"/> select.</summary>
    protected Scheduler(Optimizer optimizer, string key, IReadOnlyCollection<string?>? tags)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Optimizer = optimizer;
        Key = key;
        Tags = tags;
        TargetGroups = GroupSelection.Select(optimizer, tags);
        foreach (var i in TargetGroups)
        {
            if (!GroupKey.Has(optimizer.ParamGroups[i], key))
                throw new ArgumentException($"parameter group {i} of {optimizer.Name} has no numeric '{key}' to schedule", nameof(key));
        }
    }

    /// <summary>A short name for messages and state files (e.g. "LambdaLR", "CosineDecayWD").</summary>
    public abstract string Name { get; }

    /// <summary>The optimizer whose groups are driven.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The driven hyperparameter.</summary>
    public string Key { get; }

    /// <summary>The selecting tags (null = every group).</summary>
    public IReadOnlyCollection<string?>? Tags { get; }

    /// <summary>Indices of the driven groups.</summary>
    public IReadOnlyList<int> TargetGroups { get; }

    /// <summary>Number of <see cref="Step"/> calls since construction (PyTorch's <c>last_epoch</c>).</summary>
    public long LastEpoch { get; protected set; }

    /// <summary>True for schedulers that step on evaluation metrics (ReduceLROnPlateau, GreedyLR) rather than once per update.</summary>
    public virtual bool IsMetricDriven => false;

    /// <summary>Advances one optimizer update and writes the new values into the groups.</summary>
    public abstract void Step();

    /// <summary>
    /// The value last written into each driven group, in group order (PyTorch's <c>get_last_lr()</c> for
    /// learning-rate schedulers).
    /// </summary>
    public IReadOnlyList<double> GetLastLr() => TargetGroups.Select(i => GroupKey.Get(Optimizer.ParamGroups[i], Key)).ToList();

    /// <summary>The state needed to resume, in PyTorch's layout (<c>last_epoch</c>, <c>_step_count</c>, ...).</summary>
    public abstract OrderedDictionary<object, object?> StateDict();

    /// <summary>Restores a state from <see cref="StateDict"/> (or PyTorch's) and writes the resumed values into the groups.</summary>
    public abstract void LoadStateDict(IDictionary stateDict);

    /// <summary>Writes <see cref="StateDict"/> as <c>scheduler.pt</c> (<c>torch.save</c> format).</summary>
    public void SaveStateDict(string path) => TorchFile.Save(StateDict(), path);

    /// <summary>Loads a state written by <see cref="SaveStateDict"/> or by PyTorch.</summary>
    public void LoadStateDict(string path)
    {
        using var scope = torch.NewDisposeScope();
        LoadStateDict(TorchFile.Load(path) as IDictionary ?? throw new InvalidDataException($"{path} does not hold a scheduler state dict"));
    }

    /// <summary>Reads a required entry of a saved state.</summary>
    protected static object? Require(IDictionary state, string key) =>
        state.Contains(key) ? state[key] : throw new ArgumentException($"scheduler state has no '{key}' entry");
}
