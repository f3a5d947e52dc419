using System.Collections;
using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using Training.TorchExtensions.Autograd;

namespace Training.Integrations;

/// <summary>
/// Transformers' layer-wise low-rank optimizers (<c>galore_*_layerwise</c>, <c>apollo_adamw_layerwise</c>): one
/// optimizer per parameter, stepped and zeroed as soon as that parameter's gradient is complete (Transformers uses
/// post-accumulate-grad hooks; here <see cref="GradientReadyHooks"/>), so at most about one module's gradients are
/// alive at a time. The pass must run through <see cref="FusedBackward"/> (the Trainer does so for every
/// <see cref="IFusedBackwardOptimizer"/>); a plain <c>loss.backward()</c> updates nothing. <see cref="Optimizer.Step"/>
/// and <see cref="Optimizer.ZeroGrad"/> then have nothing left to do (Transformers' <c>LayerWiseDummyOptimizer</c>).
/// </summary>
/// <remarks>
/// The per-parameter optimizers' groups are this optimizer's groups (the same objects), so one scheduler over this
/// optimizer sets every per-parameter learning rate; Transformers builds one scheduler per parameter instead, with
/// the same result since every scheduler computes the same factor for the same step. Its state dict holds every
/// per-parameter state, so unlike Transformers' dummy optimizer a checkpoint resumes exactly. Gradient accumulation
/// is impossible (the gradient is consumed by the hook) and global gradient clipping sees no gradients.
/// </remarks>
public sealed class LayerWiseOptimizer : Optimizer, IFusedBackwardOptimizer
{
    private readonly IReadOnlyList<Optimizer> perParameter;
    private readonly GradientReadyRegistration registration;

    /// <summary>
    /// Creates one optimizer per parameter of <paramref name="groups"/> (parameters of <paramref name="model"/>) with
    /// <paramref name="create"/>, which receives a group holding that single parameter and its group's options.
    /// Without a model every parameter is stepped right after backward: the same updates, without the memory saving.
    /// </summary>
    public LayerWiseOptimizer(torch.nn.Module? model, IReadOnlyList<ParamGroup> groups, Func<ParamGroup, Optimizer> create)
        : this(model, CreatePerParameter(groups, create))
    {
    }

    private LayerWiseOptimizer(torch.nn.Module? model, IReadOnlyList<Optimizer> perParameter)
        : base(perParameter.Select(o => o.ParamGroups.Single()), new LayerWiseOptions(), shareGroups: true)
    {
        this.perParameter = perParameter;
        var owners = new Dictionary<IntPtr, Optimizer>();
        foreach (var optimizer in perParameter)
            foreach (var parameter in optimizer.Parameters)
                owners[TensorIdentity.Of(parameter)] = optimizer;
        registration = GradientReadyHooks.Register(model, perParameter.SelectMany(o => o.Parameters), parameter =>
        {
            var inner = owners[TensorIdentity.Of(parameter)];
            inner.Step();
            inner.ZeroGrad();
        });
    }

    /// <summary>False: global clipping would need every gradient at once, which is what this optimizer avoids.</summary>
    public bool ClipsGradNorm => false;

    /// <summary>Not available (<see cref="ClipsGradNorm"/> is false, so the Trainer never calls it).</summary>
    public double GradNorm(Tensor loss) =>
        throw new InvalidOperationException($"{Name} does not clip gradients: each parameter is updated as soon as its gradient exists");

    /// <summary>
    /// Runs backward of <paramref name="loss"/>, stepping each parameter's optimizer as soon as its gradient is complete.
    /// <paramref name="learningRate"/> is not used: each per-parameter group already holds the scheduler's rate.
    /// </summary>
    public void FusedBackward(Tensor loss, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ObjectDisposedException.ThrowIf(registration.IsDisposed, this);
        registration.Backward(loss);
    }

    /// <summary>The per-parameter optimizers, in parameter order.</summary>
    public IReadOnlyList<Optimizer> PerParameter => perParameter;

    /// <inheritdoc/>
    public override string Name => $"LayerWise({perParameter[0].Name})";

    private static List<Optimizer> CreatePerParameter(IReadOnlyList<ParamGroup> groups, Func<ParamGroup, Optimizer> create)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(create);
        var created = new List<Optimizer>();
        try
        {
            foreach (var group in groups)
                foreach (var parameter in group.Parameters.Where(p => p.requires_grad))
                    created.Add(create(new ParamGroup([parameter], group.Options, group.Tags)));
        }
        catch
        {
            foreach (var optimizer in created) optimizer.Dispose();
            throw;
        }

        if (created.Count == 0) throw new ArgumentException("a layer-wise optimizer got no trainable parameter", nameof(groups));
        return created;
    }

    /// <summary>Nothing to do here: every parameter was updated inside backward.</summary>
    protected override void StepGroup(ParamGroup group)
    {
    }

    /// <summary>Creates every parameter's state in its own optimizer (this wrapper keeps none).</summary>
    public override void Preinitialize()
    {
        foreach (var optimizer in perParameter) optimizer.Preinitialize();
    }

    /// <summary>The state of a parameter, held by its own optimizer.</summary>
    public override ParameterState? GetState(Tensor parameter) =>
        perParameter.Select(o => o.GetState(parameter)).FirstOrDefault(s => s is not null);

    /// <summary>Bytes held by every per-parameter optimizer's state.</summary>
    public override long StateBytes() => perParameter.Sum(o => o.StateBytes());

    /// <summary>
    /// One state dict in PyTorch's layout over all parameters: parameter i's state and group come from the i-th
    /// per-parameter optimizer's own state dict.
    /// </summary>
    public override OrderedDictionary<object, object?> StateDict()
    {
        var state = new OrderedDictionary<object, object?>();
        var groups = new List<object?>();
        for (var i = 0; i < perParameter.Count; i++)
        {
            var inner = perParameter[i].StateDict();
            if (((IDictionary)inner["state"]!).Contains(0L)) state[(long)i] = ((IDictionary)inner["state"]!)[0L];
            var group = (OrderedDictionary<object, object?>)((IList)inner["param_groups"]!)[0]!;
            group["params"] = new List<object?> { (long)i };
            groups.Add(group);
        }

        return new OrderedDictionary<object, object?> { ["state"] = state, ["param_groups"] = groups };
    }

    /// <summary>Restores a state dict written by <see cref="StateDict"/>, handing each parameter's part to its optimizer.</summary>
    public override void LoadStateDict(IDictionary stateDict)
    {
        var parts = Split(stateDict);
        for (var i = 0; i < perParameter.Count; i++) perParameter[i].LoadStateDict(parts[i]);
    }

    /// <summary>Checks each parameter's part with its optimizer (see <see cref="Optimizer.ValidateStateDict"/>); a problem names the parameter index.</summary>
    public override void ValidateStateDict(IDictionary stateDict)
    {
        var parts = Split(stateDict);
        for (var i = 0; i < perParameter.Count; i++)
        {
            try
            {
                perParameter[i].ValidateStateDict(parts[i]);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"parameter {i} (param_groups[{i}], state[{i}]): {e.Message}", e);
            }
        }
    }

    /// <summary>The state dict of each per-parameter optimizer: group i and state i, renumbered as parameter 0.</summary>
    private List<OrderedDictionary<object, object?>> Split(IDictionary stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var groups = stateDict["param_groups"] as IList ?? throw new ArgumentException("state dict has no 'param_groups' list");
        var state = stateDict["state"] as IDictionary ?? throw new ArgumentException("state dict has no 'state' dict");
        if (groups.Count != perParameter.Count)
            throw new ArgumentException($"the state dict has {groups.Count} parameter groups, this layer-wise optimizer has {perParameter.Count}");
        var parts = new List<OrderedDictionary<object, object?>>();
        for (var i = 0; i < perParameter.Count; i++)
        {
            var group = new OrderedDictionary<object, object?>();
            foreach (DictionaryEntry entry in groups[i] as IDictionary ?? throw new ArgumentException($"param_groups[{i}] is not a dictionary")) group[entry.Key] = entry.Value;
            group["params"] = new List<object?> { 0L };
            var innerState = new OrderedDictionary<object, object?>();
            var key = state.Contains((long)i) ? (object)(long)i : state.Contains(i) ? i : null;
            if (key is not null) innerState[0L] = state[key];
            parts.Add(new OrderedDictionary<object, object?> { ["state"] = innerState, ["param_groups"] = new List<object?> { group } });
        }

        return parts;
    }

    /// <summary>Removes the hooks and disposes the per-parameter optimizers.</summary>
    protected override void ReleaseResources()
    {
        registration.Dispose();
        foreach (var optimizer in perParameter) optimizer.Dispose();
    }

    // The per-parameter optimizers hold and validate the hyperparameters; the wrapper declares none.
    private sealed record LayerWiseOptions : OptimizerOptions
    {
        private static readonly OptionsSchema<LayerWiseOptions> None = new("LayerWise", _ => []);

        public override IOptionsSchema Schema() => None;
    }
}
