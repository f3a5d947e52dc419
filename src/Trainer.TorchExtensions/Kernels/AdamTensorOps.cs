namespace Training.TorchExtensions;

/// <summary>
/// The Adam/AdamW step in tensor operations, for any device and dtype (torch 1.13's single-tensor algorithm):
/// m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; p ← p − lr/(1−β1^t) · m / (sqrt(v)/sqrt(1−β2^t) + eps).
/// </summary>
internal static class AdamTensorOps
{
    public static void Step(Fused.AdamTensors t, double lr, double beta1, double beta2, double eps, double weightDecay,
        bool amsgrad, bool maximize, bool decoupled)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grad = maximize ? t.Gradient.neg() : t.Gradient;
        if (weightDecay != 0)
        {
            if (decoupled) t.Parameter.mul_(Scalars.Keep(1 - lr * weightDecay));
            else grad = grad.add(t.Parameter, Scalars.Keep(weightDecay));
        }

        t.ExpAvg.mul_(Scalars.Keep(beta1)).add_(grad, Scalars.Keep(1 - beta1));
        t.ExpAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(grad, grad, Scalars.Keep(1 - beta2));
        var biasCorrection1 = 1 - Math.Pow(beta1, t.Step);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, t.Step));
        var second = t.ExpAvgSq;
        if (amsgrad)
        {
            var max = t.MaxExpAvgSq!;
            max.copy_(max.maximum(t.ExpAvgSq));
            second = max;
        }

        var denominator = second.sqrt().div_(Scalars.Keep(biasCorrection2Sqrt)).add_(Scalars.Keep(eps));
        t.Parameter.addcdiv_(t.ExpAvg, denominator, Scalars.Keep(-lr / biasCorrection1));
    }
}
