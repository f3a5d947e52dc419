namespace Training.TorchExtensions;

public static partial class Fused
{
    /// <summary>One parameter's tensors for a fused Adam/AdamW step.</summary>
    /// <param name="Parameter">The parameter, updated in place.</param>
    /// <param name="Gradient">Its gradient.</param>
    /// <param name="ExpAvg">First moment, updated in place.</param>
    /// <param name="ExpAvgSq">Second moment, updated in place.</param>
    /// <param name="MaxExpAvgSq">Running maximum of the second moment (AMSGrad) or null.</param>
    /// <param name="Step">The step number of this update (1 for the first).</param>
    public readonly record struct AdamTensors(Tensor Parameter, Tensor Gradient, Tensor ExpAvg, Tensor ExpAvgSq, Tensor? MaxExpAvgSq, double Step);

    /// <summary>
    /// Adam (L2 decay through the gradient) or AdamW (<paramref name="decoupled"/>) over many parameters, as
    /// torch 1.13's single-tensor algorithm.
    /// </summary>
    public static void AdamStep(IReadOnlyList<AdamTensors> tensors, double lr, double beta1, double beta2, double eps,
        double weightDecay, bool amsgrad, bool maximize, bool decoupled) =>
        FusedSteps.Run<AdamTensors, AdamKernel, AdamFusedStep>(tensors,
            new AdamFusedStep(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled));
}
