namespace Training.TorchExtensions;

public static partial class Fused
{
    /// <summary>One parameter's tensors for a fused Adagrad step.</summary>
    /// <param name="Parameter">The parameter, updated in place.</param>
    /// <param name="Gradient">Its gradient.</param>
    /// <param name="Sum">The sum of squared gradients, updated in place.</param>
    /// <param name="Step">The step number of this update (1 for the first).</param>
    public readonly record struct AdagradTensors(Tensor Parameter, Tensor Gradient, Tensor Sum, double Step);

    /// <summary>
    /// torch.optim.Adagrad over many parameters: g ← ±g (+ weight_decay·p); sum ← sum + g²;
    /// p ← p − lr/(1 + (t−1)·lr_decay) · g / (sqrt(sum) + eps).
    /// </summary>
    public static void AdagradStep(IReadOnlyList<AdagradTensors> tensors, double lr, double lrDecay, double weightDecay,
        double eps, bool maximize) =>
        FusedSteps.Run<AdagradTensors, AdagradKernel, AdagradFusedStep>(tensors,
            new AdagradFusedStep(lr, lrDecay, weightDecay, eps, maximize));
}
