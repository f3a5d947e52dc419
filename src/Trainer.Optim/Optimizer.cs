using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// Base of every optimizer. It owns the parameter groups, the per-parameter state, the state dict and the hooks, and
/// runs one template for every algorithm: <see cref="Step"/> evaluates the closure with gradients enabled, then runs
/// <see cref="StepGroup"/> for each group under <c>no_grad</c> inside a dispose scope (temporaries freed at once),
/// then the step hooks. Per-parameter algorithms derive from <see cref="PerParameterOptimizer"/>; optimizers that
/// update elsewhere (inside backward, or through inner optimizers) implement <see cref="StepGroup"/> themselves and
/// inherit nothing they would have to refuse.
/// </summary>
public abstract partial class Optimizer : IDisposable
{
    private readonly List<ParamGroup> paramGroups = [];
    private readonly Dictionary<Tensor, ParameterState> states = new(ReferenceEqualityComparer.Instance);
    private readonly HookList<Action<Optimizer>> stepPreHooks = new();
    private readonly HookList<Action<Optimizer>> stepPostHooks = new();
    private readonly HookList<Action<Optimizer, bool>> zeroGradPreHooks = new();
    private readonly HookList<Action<Optimizer, bool>> zeroGradPostHooks = new();
    private bool disposed;

    private readonly OptimizerOptions options;

    /// <summary>Creates an optimizer over <paramref name="groups"/>; keys a group lacks come from <paramref name="options"/>.</summary>
    protected Optimizer(IEnumerable<ParamGroup> groups, OptimizerOptions options)
        : this(groups, options, shareGroups: false)
    {
    }

    /// <summary>
    /// Creates the optimizer; with <paramref name="shareGroups"/> it keeps the given group objects instead of copies,
    /// for an optimizer whose groups are other optimizers' groups (layer-wise: one scheduler drives both).
    /// </summary>
    protected Optimizer(IEnumerable<ParamGroup> groups, OptimizerOptions options, bool shareGroups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        options.Validate();
        Defaults = new OrderedDictionary<string, object?>(options.ToDefaults(), StringComparer.Ordinal);
        foreach (var group in groups) AddGroup(shareGroups ? group : group.Copy());
        if (paramGroups.Count == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(groups));
    }

    /// <summary>The PyTorch class this optimizer mirrors (e.g. "AdamW"); used in messages and state files.</summary>
    public abstract string Name { get; }

    /// <summary>The defaults every group inherits (PyTorch's <c>optimizer.defaults</c>).</summary>
    public IReadOnlyDictionary<string, object?> Defaults { get; }

    /// <summary>The parameter groups.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => paramGroups;

    /// <summary>Every parameter of every group, in state-dict index order.</summary>
    public IEnumerable<Tensor> Parameters => paramGroups.SelectMany(g => g.Parameters);

    /// <summary>Numeric state entries written as 0-dim float32 tensors in <c>state_dict</c>, as torch 1.13 does (<c>step</c> for most).</summary>
    protected virtual IReadOnlySet<string> TensorScalarNames { get; } = StepAsTensor;

    /// <summary>Numeric state entries written as Python ints (RMSprop, Rprop and Adadelta keep an int <c>step</c> in 1.13).</summary>
    protected virtual IReadOnlySet<string> IntegerScalarNames { get; } = NoNames;

    /// <summary>Only <c>step</c>, as a tensor.</summary>
    protected static readonly IReadOnlySet<string> StepAsTensor = new HashSet<string>(StringComparer.Ordinal) { "step" };

    /// <summary>The empty set.</summary>
    protected static readonly IReadOnlySet<string> NoNames = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Adds a group. Missing keys come from <see cref="Defaults"/>; the merged values are validated
    /// (<see cref="ValidateGroup"/>); a parameter may belong to one group only.
    /// </summary>
    public void AddParamGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        // The optimizer owns a copy: the defaults filled in here and every later learning-rate change stay out of
        // the caller's group (PyTorch writes into the caller's dict; a reused group would carry a schedule's lr).
        AddGroup(group.Copy());
    }

    private void AddGroup(ParamGroup group)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var existing = new HashSet<Tensor>(Parameters, ReferenceEqualityComparer.Instance);
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var p in group.Parameters)
        {
            if (existing.Contains(p)) throw new ArgumentException("some parameters appear in more than one parameter group");
            if (!seen.Add(p)) throw new ArgumentException("a parameter group contains the same parameter twice");
            if (!p.is_leaf) throw new ArgumentException("an optimizer can only optimize leaf tensors (parameters)");
        }

        foreach (var (key, value) in Defaults) group.SetDefault(key, value);
        ValidateGroup(group);
        paramGroups.Add(group);
    }

    /// <summary>The typed options this optimizer was built with.</summary>
    public OptimizerOptions Options => options;

    /// <summary>Checks a group's merged hyperparameters; throws <see cref="ArgumentOutOfRangeException"/> naming the bad value.</summary>
    protected virtual void ValidateGroup(ParamGroup group) => options.ValidateGroup(group);

    /// <summary>
    /// Creates the state of one parameter (called before its first update, or by <see cref="Preinitialize"/>). None by
    /// default: an optimizer whose state lives elsewhere (inner optimizers, fused backward) keeps nothing here.
    /// </summary>
    protected virtual void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
    }

    /// <summary>
    /// Performs one optimization step. The optional <paramref name="closure"/> re-evaluates the model and
    /// returns the loss (it runs with gradients enabled, before the update); its loss is returned. An optimizer that
    /// updates inside backward (<see cref="IFusedBackwardOptimizer"/>) refuses a closure: its <c>Step()</c> does
    /// nothing, so the closure's gradients would never be applied.
    /// </summary>
    public Tensor? Step(Func<Tensor>? closure = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (closure is not null && this is IFusedBackwardOptimizer)
            throw new InvalidOperationException(
                $"{Name} updates the parameters inside backward, so Step(closure) would never apply the closure's gradients; "
                + $"run the loss through {nameof(IFusedBackwardOptimizer.FusedBackward)}(loss, learningRate) instead");
        Tensor? loss = null;
        if (closure is not null)
        {
            using var grad = torch.enable_grad();
            loss = closure();
        }

        stepPreHooks.Invoke(h => h(this));
        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            foreach (var group in paramGroups) StepGroup(group);
        }

        stepPostHooks.Invoke(h => h(this));
        return loss;
    }

    /// <summary>
    /// Updates one group, under no_grad inside the step's dispose scope. Per-parameter algorithms derive from
    /// <see cref="PerParameterOptimizer"/>, which implements this as a loop over the parameters with a gradient.
    /// </summary>
    protected abstract void StepGroup(ParamGroup group);

    /// <summary>
    /// Cerebras' <c>enable_global_step</c>: every parameter's state gets a <c>step</c> entry from creation on,
    /// advanced by <see cref="IncrementGlobalStep"/>. Set it before the first step or <see cref="Preinitialize"/>.
    /// </summary>
    public bool EnableGlobalStep { get; set; }

    /// <summary>Adds one to a parameter's global step and returns the new value (Cerebras' <c>increment_global_step</c>).</summary>
    public double IncrementGlobalStep(Tensor parameter)
    {
        if (!EnableGlobalStep) throw new InvalidOperationException($"{Name} was built without a global step (set EnableGlobalStep)");
        var group = paramGroups.FirstOrDefault(g => g.Parameters.Contains(parameter))
                    ?? throw new ArgumentException("the tensor is not a parameter of this optimizer", nameof(parameter));
        var state = GetOrCreateState(group, parameter);
        state.Step += 1;
        return state.Step;
    }

    /// <summary>The state of a parameter, created on first use.</summary>
    protected ParameterState GetOrCreateState(ParamGroup group, Tensor parameter)
    {
        if (states.TryGetValue(parameter, out var state)) return state;
        state = new ParameterState();
        using (torch.no_grad())
        using (torch.NewDisposeScope())
        {
            InitializeState(group, parameter, state);
        }

        if (EnableGlobalStep && !state.Contains("step")) state.Step = 0;
        states[parameter] = state;
        return state;
    }

    /// <summary>The state of a parameter, or null before its first update.</summary>
    public virtual ParameterState? GetState(Tensor parameter) => states.GetValueOrDefault(parameter);

    /// <summary>
    /// Creates the state of every parameter now (Cerebras' <c>preinitialize</c>), so a checkpoint at step 0 has it.
    /// An optimizer whose state lives in inner optimizers overrides it to preinitialize them.
    /// </summary>
    public virtual void Preinitialize()
    {
        foreach (var group in paramGroups)
            foreach (var p in group.Parameters)
                GetOrCreateState(group, p);
    }

    /// <summary>Bytes held by the optimizer state of every parameter.</summary>
    public virtual long StateBytes() => states.Values.Sum(s => s.TensorBytes());

    /// <summary>
    /// Clears the gradients of every parameter: <paramref name="setToNone"/> (default) drops them, otherwise
    /// they are zeroed in place. Pre hooks run before and post hooks after the gradients are cleared.
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        zeroGradPreHooks.Invoke(h => h(this, setToNone));
        using (torch.NewDisposeScope())
        {
            foreach (var p in Parameters)
            {
                if (setToNone)
                {
                    p.grad = null;
                    continue;
                }

                var g = p.grad;
                if (g is null) continue;
                if (g.requires_grad) g.detach_();
                g.zero_();
            }
        }

        zeroGradPostHooks.Invoke(h => h(this, setToNone));
    }

    /// <summary>Registers a hook run before every step; dispose the result to remove it.</summary>
    public IDisposable RegisterStepPreHook(Action<Optimizer> hook) => stepPreHooks.Add(hook);

    /// <summary>Registers a hook run after every step; dispose the result to remove it.</summary>
    public IDisposable RegisterStepPostHook(Action<Optimizer> hook) => stepPostHooks.Add(hook);

    /// <summary>Registers a hook run before gradients are cleared (argument: setToNone).</summary>
    public IDisposable RegisterZeroGradPreHook(Action<Optimizer, bool> hook) => zeroGradPreHooks.Add(hook);

    /// <summary>
    /// Registers a hook run after gradients are cleared (argument: setToNone). Cerebras registers its
    /// "post" hooks as pre hooks by mistake; here they really run after zeroing.
    /// </summary>
    public IDisposable RegisterZeroGradPostHook(Action<Optimizer, bool> hook) => zeroGradPostHooks.Add(hook);

    /// <summary>Releases every state tensor. The parameters belong to the model and are not touched.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        ReleaseResources();
        foreach (var state in states.Values) state.Dispose();
        states.Clear();
        ReleaseScalarTensors();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Called once by <see cref="Dispose"/> before the state is released: subclasses free what they own beyond the
    /// per-parameter state (gradient hooks, inner optimizers).
    /// </summary>
    protected virtual void ReleaseResources()
    {
    }

    internal IEnumerable<KeyValuePair<Tensor, ParameterState>> States => states;

    internal void ReplaceStates(IEnumerable<KeyValuePair<Tensor, ParameterState>> replacement)
    {
        foreach (var state in states.Values) state.Dispose();
        states.Clear();
        foreach (var (p, s) in replacement) states[p] = s;
    }
}
