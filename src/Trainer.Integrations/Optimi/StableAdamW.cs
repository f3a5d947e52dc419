using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// optimi's StableAdamW (Wortsman et al. 2023): AdamW with debiased betas (moments stored already bias-corrected)
/// and a per-tensor update clip <c>lr_t = lr / max(1, sqrt(mean(g² / max(v, eps²))))</c> (AdaFactor's update
/// clipping), decoupled (or fully decoupled) weight decay, and Kahan-compensated updates for low-precision
/// parameters. State: <c>exp_avg</c>, <c>exp_avg_sq</c> (parameter dtype) and, for bfloat16/float16 parameters,
/// <c>kahan_comp</c>. The step counter is per group (key <c>step</c>), as upstream keeps it, so it travels in
/// <c>param_groups</c> of the state dict.
/// </summary>
public sealed class StableAdamW : PerParameterOptimizer
{
    /// <summary>Creates StableAdamW over parameters.</summary>
    public StableAdamW(IEnumerable<Tensor> parameters, StableAdamWOptions options) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates StableAdamW over groups; keys a group lacks come from <paramref name="options"/>.</summary>
    public StableAdamW(IEnumerable<ParamGroup> groups, StableAdamWOptions options) : base(groups, options) { }

    /// <inheritdoc/>
    public override string Name => "StableAdamW";

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.SetTensor("exp_avg", torch.zeros_like(parameter));
        state.SetTensor("exp_avg_sq", torch.zeros_like(parameter));
        var kahan = group.GetValue("kahan_sum") is not false;
        if (kahan && IsLowPrecision(parameter.dtype)) state.SetTensor("kahan_comp", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override void StepGroup(ParamGroup group)
    {
        // Upstream increments the group's counter on every step() whether or not a parameter has a gradient.
        var step = (group.ContainsKey("step") ? group["step"] : 0) + 1;
        group["step"] = step;
        var (beta1, beta2) = group.GetPair("betas");
        var hats = new DebiasedBetas(DebiasBeta(beta1, step), DebiasBeta(beta2, step));
        foreach (var parameter in group.Parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null) continue;
            Update(group, parameter, gradient, GetOrCreateState(group, parameter), hats);
        }
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (beta1, beta2) = group.GetPair("betas");
        var step = group.ContainsKey("step") ? group["step"] : 1;
        Update(group, parameter, gradient, state, new DebiasedBetas(DebiasBeta(beta1, step), DebiasBeta(beta2, step)));
    }

    private static void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state, DebiasedBetas hats)
    {
        var expAvg = state.Tensor("exp_avg");
        var expAvgSq = state.Tensor("exp_avg_sq");
        if (IsLowPrecision(expAvg.dtype))
        {
            // torch 1.13 (the reference's golden run) computes a bf16/fp16 lerp in float32 with the double weight and
            // rounds once; libtorch 2.10 rounds the weight to the tensor's dtype first (measured: 1 bf16 ulp off on
            // half the elements, growing over steps), so the float32 computation is written out.
            using var scope = torch.NewDisposeScope();
            expAvg.copy_(expAvg.to(ScalarType.Float32).lerp_(gradient.to(ScalarType.Float32), 1 - hats.Beta1));
        }
        else
        {
            expAvg.lerp_(gradient, 1 - hats.Beta1);
        }
        expAvgSq.mul_(Scalars.Keep(hats.Beta2)).addcmul_(gradient, gradient, Scalars.Keep(1 - hats.Beta2));

        // eps² is a tensor of the parameter's dtype upstream (state "eps_sq"); recomputed here since it only
        // depends on the group's eps.
        var eps = group["eps"];
        using var epsSq = torch.tensor(eps * eps, parameter.dtype);
        var rms = gradient.pow(Scalars.Keep(2)).div_(expAvgSq.maximum(epsSq)).mean().sqrt().ReadDouble();
        // Python's max(1, nan) is 1: a NaN rms (0/0 when eps² underflows) silently skips the clip; Math.Max would give NaN.
        var lr = group.LearningRate / (rms > 1 ? rms : 1);

        var weightDecay = group["weight_decay"];
        if (weightDecay != 0)
            parameter.mul_(Scalars.Keep(group.GetFlag("decouple_lr") ? 1 - lr / group["max_lr"] * weightDecay : 1 - lr * weightDecay));

        var denominator = expAvgSq.sqrt().add_(Scalars.Keep(eps));
        var compensation = state.TryTensor("kahan_comp");
        if (compensation is null)
        {
            parameter.addcdiv_(expAvg, denominator, Scalars.Keep(-lr));
            return;
        }

        // Kahan summation: the update accumulates in the compensation, the parameter takes what its precision
        // can hold, and the rounding error is carried to the next step.
        compensation.addcdiv_(expAvg, denominator, Scalars.Keep(-lr));
        var previous = parameter.detach().clone();
        parameter.add_(compensation);
        compensation.add_(previous.sub_(parameter));
    }

    /// <summary>optimi's <c>debias_beta</c>: (β^t − β)/(β^t − 1), the EMA weight that makes the average unbiased (0 at t = 1).</summary>
    public static double DebiasBeta(double beta, double step) => (Math.Pow(beta, step) - beta) / (Math.Pow(beta, step) - 1);

    private static bool IsLowPrecision(ScalarType dtype) => dtype is ScalarType.BFloat16 or ScalarType.Float16;

    private readonly record struct DebiasedBetas(double Beta1, double Beta2);
}
