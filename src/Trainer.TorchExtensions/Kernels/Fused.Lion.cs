namespace Training.TorchExtensions;

public static partial class Fused
{
    /// <summary>One parameter's tensors for a fused Lion step.</summary>
    /// <param name="Parameter">The parameter, updated in place.</param>
    /// <param name="Gradient">Its gradient.</param>
    /// <param name="ExpAvg">The momentum, updated in place.</param>
    public readonly record struct LionTensors(Tensor Parameter, Tensor Gradient, Tensor ExpAvg);

    /// <summary>
    /// Lion over many parameters: p ← p·(1 − lr·wd); p ← p − lr·sign(β1·m + (1−β1)·g) (sign(0) = 0);
    /// m ← β2·m + (1−β2)·g.
    /// </summary>
    public static void LionStep(IReadOnlyList<LionTensors> tensors, double lr, double beta1, double beta2, double weightDecay) =>
        FusedSteps.Run<LionTensors, LionKernel, LionFusedStep>(tensors, new LionFusedStep(lr, beta1, beta2, weightDecay));
}
