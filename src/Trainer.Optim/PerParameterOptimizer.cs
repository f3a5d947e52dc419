using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// The layer almost every algorithm derives from: a step updates each parameter that has a gradient from that
/// gradient and the parameter's own state. It also writes the gradient preambles PyTorch's algorithms share once:
/// <see cref="DescentDirection"/> (maximize, then coupled L2 decay) and <see cref="DecayDecoupled"/> (AdamW-style).
/// Optimizers that update elsewhere (inside backward, or through inner optimizers) derive from <see cref="Optimizer"/>.
/// </summary>
public abstract class PerParameterOptimizer : Optimizer
{
    /// <summary>Creates an optimizer over <paramref name="groups"/>; keys a group lacks come from <paramref name="options"/>.</summary>
    protected PerParameterOptimizer(IEnumerable<ParamGroup> groups, OptimizerOptions options) : base(groups, options)
    {
    }

    /// <summary>As <see cref="PerParameterOptimizer(IEnumerable{ParamGroup}, OptimizerOptions)"/>, keeping the given group objects when <paramref name="shareGroups"/>.</summary>
    protected PerParameterOptimizer(IEnumerable<ParamGroup> groups, OptimizerOptions options, bool shareGroups) : base(groups, options, shareGroups)
    {
    }

    /// <summary>Creates the state of one parameter (called before its first update, or by <see cref="Optimizer.Preinitialize"/>).</summary>
    protected abstract override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state);

    /// <summary>Updates one parameter in place from its gradient. Runs under no_grad inside the step's dispose scope.</summary>
    protected abstract void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state);

    /// <summary>
    /// Updates every parameter of a group that has a gradient: through <see cref="StepFused"/> when the group's
    /// <c>fused</c> flag is set and the algorithm has a fused step, else one <see cref="Update"/> per parameter.
    /// Override for algorithms that need the whole group.
    /// </summary>
    protected override void StepGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group.ContainsKey("fused") && group.GetFlag("fused") && StepFused(group)) return;
        foreach (var parameter in group.Parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null) continue;
            Update(group, parameter, gradient, GetOrCreateState(group, parameter));
        }
    }

    /// <summary>
    /// Updates the whole group in one fused call (one pass over memory per tensor, see
    /// <c>Training.TorchExtensions.Fused</c>) and returns true, or returns false when the algorithm has no fused step.
    /// Runs under no_grad inside the step's dispose scope.
    /// </summary>
    protected virtual bool StepFused(ParamGroup group) => false;

    /// <summary>
    /// The fused step's entries: <paramref name="entry"/> of each parameter of <paramref name="group"/> that has a
    /// gradient, with its state (created on first use), in the group's order.
    /// </summary>
    protected List<T> FusedEntries<T>(ParamGroup group, Func<Tensor, Tensor, ParameterState, T> entry)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(entry);
        var entries = new List<T>(group.Parameters.Count);
        foreach (var parameter in group.Parameters)
        {
            var gradient = parameter.grad;
            if (gradient is not null) entries.Add(entry(parameter, gradient, GetOrCreateState(group, parameter)));
        }

        return entries;
    }

    /// <summary>
    /// The gradient the update descends along, as torch.optim's algorithms start: negated when the group maximizes,
    /// then plus <c>weight_decay · parameter</c> (coupled L2) when the group has a non-zero weight decay. The caller's
    /// gradient is never modified; a new tensor is returned when anything applies.
    /// </summary>
    protected static Tensor DescentDirection(ParamGroup group, Tensor parameter, Tensor gradient, bool coupledWeightDecay = true)
    {
        ArgumentNullException.ThrowIfNull(group);
        var direction = group.ContainsKey("maximize") && group.GetFlag("maximize") ? gradient.neg() : gradient;
        if (!coupledWeightDecay || !group.ContainsKey("weight_decay")) return direction;
        var weightDecay = group["weight_decay"];
        return weightDecay != 0 ? direction.add(parameter, Scalars.Keep(weightDecay)) : direction;
    }

    /// <summary>Decoupled weight decay (AdamW, Lion): <c>parameter ← parameter · (1 − lr · weight_decay)</c>, skipped at 0.</summary>
    protected static void DecayDecoupled(ParamGroup group, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(parameter);
        var weightDecay = group["weight_decay"];
        if (weightDecay != 0) parameter.mul_(Scalars.Keep(1 - group.LearningRate * weightDecay));
    }
}
