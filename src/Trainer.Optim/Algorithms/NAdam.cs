using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// torch.optim.NAdam exactly as torch 1.13 (and Cerebras) computes it, including the extra μ_t in
/// Π_next = Π·μ_t·μ_{t+1} that PyTorch 2.0 later removed (pytorch PR #92699): golden values and
/// 1.13 checkpoints follow this form.
/// </summary>
public class NAdam : PerParameterOptimizer
{
    private static readonly IReadOnlySet<string> TensorScalars = new HashSet<string>(StringComparer.Ordinal) { "step", "mu_product" };

    /// <summary>Creates NAdam over parameters.</summary>
    public NAdam(IEnumerable<Tensor> parameters, NAdamOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates NAdam over groups.</summary>
    public NAdam(IEnumerable<ParamGroup> groups, NAdamOptions? options = null) : base(groups, options ?? new NAdamOptions()) { }

    /// <inheritdoc/>
    public override string Name => "NAdam";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => TensorScalars;

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetScalar("mu_product", 1.0);
        state.SetTensor("exp_avg", torch.zeros_like(parameter));
        state.SetTensor("exp_avg_sq", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var step = state.Step + 1;
        state.Step = step;
        var (beta1, beta2) = group.GetPair("betas");
        var (lr, eps, psi) = (group.LearningRate, group["eps"], group["momentum_decay"]);
        var grad = DescentDirection(group, parameter, gradient);
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        var mu = beta1 * (1 - 0.5 * Math.Pow(0.96, step * psi));
        var muNext = beta1 * (1 - 0.5 * Math.Pow(0.96, (step + 1) * psi));
        // mu_product is a float32 tensor in torch 1.13: round like it.
        var muProduct = (double)(float)(state.Scalar("mu_product") * (float)mu);
        state.SetScalar("mu_product", muProduct);
        var muProductNext = (double)(float)((float)(muProduct * (float)mu) * (float)muNext);
        var expAvg = state.Tensor("exp_avg");
        var expAvgSq = state.Tensor("exp_avg_sq");
        expAvg.mul_(Scalars.Keep(beta1)).add_(grad, Scalars.Keep(1 - beta1));
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(grad, grad, Scalars.Keep(1 - beta2));
        var denominator = expAvgSq.div(Scalars.Keep(biasCorrection2)).sqrt().add_(Scalars.Keep(eps));
        parameter.addcdiv_(grad, denominator, Scalars.Keep(-lr * (1 - mu) / (1 - muProduct)));
        parameter.addcdiv_(expAvg, denominator, Scalars.Keep(-lr * muNext / (1 - muProductNext)));
    }
}
