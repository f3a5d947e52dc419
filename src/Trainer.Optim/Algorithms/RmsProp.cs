using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// torch.optim.RMSprop: v ← α·v + (1−α)·g²; with <c>centered</c> the mean gradient's square is subtracted;
/// p ← p − lr·g/(sqrt(v) + ε), through a momentum buffer when momentum &gt; 0. A group with <c>fused</c> set runs
/// the fused kernel (one pass over memory per tensor).
/// </summary>
public class RmsProp : PerParameterOptimizer
{
    /// <summary>Creates RMSprop over parameters.</summary>
    public RmsProp(IEnumerable<Tensor> parameters, RmsPropOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates RMSprop over groups.</summary>
    public RmsProp(IEnumerable<ParamGroup> groups, RmsPropOptions? options = null) : base(groups, options ?? new RmsPropOptions()) { }

    /// <inheritdoc/>
    public override string Name => "RMSprop";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    /// <inheritdoc/>
    protected override IReadOnlySet<string> IntegerScalarNames => Adadelta.StepAsInteger;

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetTensor("square_avg", torch.zeros_like(parameter));
        if (group["momentum"] > 0) state.SetTensor("momentum_buffer", torch.zeros_like(parameter));
        if (group.GetFlag("centered")) state.SetTensor("grad_avg", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override bool StepFused(ParamGroup group)
    {
        var batch = FusedEntries(group, (parameter, gradient, state) =>
        {
            state.Step += 1;
            return new Fused.RmsPropTensors(parameter, gradient, state.Tensor("square_avg"), state.TryTensor("grad_avg"),
                state.TryTensor("momentum_buffer"));
        });
        Fused.RmsPropStep(batch, group.LearningRate, group["alpha"], group["eps"], group["weight_decay"], group["momentum"],
            group.GetFlag("centered"), group.GetFlag("maximize"));
        return true;
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        state.Step += 1;
        var alpha = group["alpha"];
        var grad = DescentDirection(group, parameter, gradient);
        var squareAvg = state.Tensor("square_avg");
        squareAvg.mul_(Scalars.Keep(alpha)).addcmul_(grad, grad, Scalars.Keep(1 - alpha));
        Tensor average;
        if (group.GetFlag("centered"))
        {
            var gradAvg = state.Tensor("grad_avg");
            gradAvg.mul_(Scalars.Keep(alpha)).add_(grad, Scalars.Keep(1 - alpha));
            average = squareAvg.addcmul(gradAvg, gradAvg, Scalars.Keep(-1)).sqrt_();
        }
        else
        {
            average = squareAvg.sqrt();
        }

        average.add_(Scalars.Keep(group["eps"]));
        if (group["momentum"] > 0)
        {
            var buffer = state.Tensor("momentum_buffer");
            buffer.mul_(Scalars.Keep(group["momentum"])).addcdiv_(grad, average);
            parameter.add_(buffer, Scalars.Keep(-group.LearningRate));
        }
        else
        {
            parameter.addcdiv_(grad, average, Scalars.Keep(-group.LearningRate));
        }
    }
}
