using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// The bias-corrected Adam update shared by Adam and AdamW (torch 1.13's single-tensor algorithm):
/// m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; p ← p − lr/(1−β1^t) · m / (sqrt(v)/sqrt(1−β2^t) + eps).
/// </summary>
internal static class AdamStep
{
    public static void Apply(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state, bool maximize)
    {
        var (beta1, beta2) = group.GetPair("betas");
        var lr = group.LearningRate;
        var eps = group["eps"];
        var grad = maximize ? gradient.neg() : gradient;

        var step = state.Step + 1;
        state.Step = step;
        var expAvg = state.Tensor("exp_avg");
        var expAvgSq = state.Tensor("exp_avg_sq");
        expAvg.mul_(Scalars.Keep(beta1)).add_(grad, Scalars.Keep(1 - beta1));
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(grad, grad, Scalars.Keep(1 - beta2));

        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, step));
        var second = expAvgSq;
        if (group.GetFlag("amsgrad"))
        {
            var max = state.Tensor("max_exp_avg_sq");
            max.copy_(max.maximum(expAvgSq));
            second = max;
        }

        var denominator = second.sqrt().div_(Scalars.Keep(biasCorrection2Sqrt)).add_(Scalars.Keep(eps));
        parameter.addcdiv_(expAvg, denominator, Scalars.Keep(-lr / biasCorrection1));
    }
}
