using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// torch.optim.Adagrad: sum += g²; p ← p − lr/(1 + (t−1)·lr_decay) · g / (sqrt(sum) + eps). A group with
/// <c>fused</c> set runs the fused kernel (one pass over memory per tensor).
/// </summary>
public class Adagrad : PerParameterOptimizer
{
    /// <summary>Creates Adagrad over parameters.</summary>
    public Adagrad(IEnumerable<Tensor> parameters, AdagradOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates Adagrad over groups. Like PyTorch, the state is created at construction.</summary>
    public Adagrad(IEnumerable<ParamGroup> groups, AdagradOptions? options = null) : base(groups, options ?? new AdagradOptions()) =>
        Preinitialize();

    /// <inheritdoc/>
    public override string Name => "Adagrad";

    // torch 1.13 fills `sum` from the constructor's initial_accumulator_value, not the group's own value
    // (a per-group value only lands in param_groups). Kept, so trajectories and checkpoints match PyTorch.
    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetTensor("sum", torch.full_like(parameter, Scalars.Keep(Convert.ToDouble(Defaults["initial_accumulator_value"]))));
    }

    /// <inheritdoc/>
    protected override bool StepFused(ParamGroup group)
    {
        var batch = FusedEntries(group, (parameter, gradient, state) =>
        {
            state.Step += 1;
            return new Fused.AdagradTensors(parameter, gradient, state.Tensor("sum"), state.Step);
        });
        Fused.AdagradStep(batch, group.LearningRate, group["lr_decay"], group["weight_decay"], group["eps"], group.GetFlag("maximize"));
        return true;
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var step = state.Step + 1;
        state.Step = step;
        var grad = DescentDirection(group, parameter, gradient);
        var clr = group.LearningRate / (1 + (step - 1) * group["lr_decay"]);
        var sum = state.Tensor("sum");
        sum.addcmul_(grad, grad, Scalars.Keep(1));
        parameter.addcdiv_(grad, sum.sqrt().add_(Scalars.Keep(group["eps"])), Scalars.Keep(-clr));
    }
}
