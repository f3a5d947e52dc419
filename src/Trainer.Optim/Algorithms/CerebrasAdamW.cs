using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// Cerebras' AdamW (<c>cstorch.optim.AdamW</c>, Hugging Face's original AdamW form): ε is added before bias
/// correction, u = m/(sqrt(v)+ε)·sqrt(1−β2^t)/(1−β1^t) + wd·p, p ← p − lr·u. The bias powers are kept as
/// state (<c>beta1_power</c>, <c>beta2_power</c>), as Cerebras does. Matches torch AdamW when ε = 0.
/// </summary>
public class CerebrasAdamW : PerParameterOptimizer
{
    private static readonly IReadOnlySet<string> TensorScalars = new HashSet<string>(StringComparer.Ordinal) { "beta1_power", "beta2_power" };

    /// <summary>Creates the optimizer over parameters.</summary>
    public CerebrasAdamW(IEnumerable<Tensor> parameters, CerebrasAdamWOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates the optimizer over groups.</summary>
    public CerebrasAdamW(IEnumerable<ParamGroup> groups, CerebrasAdamWOptions? options = null) : base(groups, options ?? new CerebrasAdamWOptions()) { }

    /// <inheritdoc/>
    public override string Name => "AdamW";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => TensorScalars;

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.SetTensor("exp_avg", torch.zeros_like(parameter));
        state.SetTensor("exp_avg_sq", torch.zeros_like(parameter));
        if (group.GetFlag("amsgrad")) state.SetTensor("max_exp_avg_sq", torch.zeros_like(parameter));
        if (!group.GetFlag("correct_bias")) return;
        var (beta1, beta2) = group.GetPair("betas");
        state.SetScalar("beta1_power", (float)beta1);
        state.SetScalar("beta2_power", (float)beta2);
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (beta1, beta2) = group.GetPair("betas");
        var grad = gradient;
        var l2 = group["l2_regularization_rate"];
        if (l2 > 0) grad = grad.add(parameter, Scalars.Keep(l2));
        var expAvg = state.Tensor("exp_avg");
        var expAvgSq = state.Tensor("exp_avg_sq");
        expAvg.mul_(Scalars.Keep(beta1)).add_(grad, Scalars.Keep(1 - beta1));
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(grad, grad, Scalars.Keep(1 - beta2));
        var second = expAvgSq;
        if (group.GetFlag("amsgrad"))
        {
            var max = state.Tensor("max_exp_avg_sq");
            max.copy_(max.maximum(expAvgSq));
            second = max;
        }

        var update = expAvg.div(second.sqrt().add_(Scalars.Keep(group["eps"])));
        if (group.GetFlag("correct_bias"))
        {
            // The powers are float32 tensors in Cerebras: keep their rounding.
            var beta1Power = state.Scalar("beta1_power");
            var beta2Power = state.Scalar("beta2_power");
            update.mul_(Scalars.Keep(Math.Sqrt(1 - beta2Power) / (1 - beta1Power)));
            state.SetScalar("beta1_power", (float)(beta1Power * beta1));
            state.SetScalar("beta2_power", (float)(beta2Power * beta2));
        }

        var weightDecay = group["weight_decay"];
        if (weightDecay != 0) update.add_(parameter, Scalars.Keep(weightDecay));
        parameter.add_(update, Scalars.Keep(-group.LearningRate));
    }
}

/// <summary>
/// Cerebras' Adam: <see cref="CerebrasAdamW"/> with coupled L2 regularisation instead of decoupled decay
/// (Cerebras maps Adam's <c>weight_decay</c> argument to <c>l2_regularization_rate</c> and forces bias correction).
/// </summary>
public sealed class CerebrasAdam : CerebrasAdamW
{
    /// <summary>Creates the optimizer over parameters; <paramref name="weightDecay"/> is applied as L2.</summary>
    public CerebrasAdam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double weightDecay = 0, double beta1 = 0.9,
        double beta2 = 0.999, double eps = 1e-6, bool amsgrad = false)
        : base([new ParamGroup(parameters)], new CerebrasAdamOptions
        {
            LearningRate = learningRate, Beta1 = beta1, Beta2 = beta2, Eps = eps, Amsgrad = amsgrad,
            WeightDecay = 0, L2RegularizationRate = weightDecay, CorrectBias = true,
        })
    {
    }

    /// <inheritdoc/>
    public override string Name => "Adam";
}
