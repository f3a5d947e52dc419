namespace Training.TorchExtensions;

public static partial class Fused
{
    /// <summary>One parameter's tensors for a fused RMSprop step.</summary>
    /// <param name="Parameter">The parameter, updated in place.</param>
    /// <param name="Gradient">Its gradient.</param>
    /// <param name="SquareAvg">The running average of squared gradients, updated in place.</param>
    /// <param name="GradAvg">The running average of gradients (centered) or null.</param>
    /// <param name="MomentumBuffer">The momentum buffer (momentum &gt; 0) or null.</param>
    public readonly record struct RmsPropTensors(Tensor Parameter, Tensor Gradient, Tensor SquareAvg, Tensor? GradAvg, Tensor? MomentumBuffer);

    /// <summary>
    /// torch.optim.RMSprop over many parameters: g ← ±g (+ weight_decay·p); v ← α·v + (1−α)·g²; centered:
    /// a ← α·a + (1−α)·g and avg = sqrt(v − a²), else avg = sqrt(v); avg += eps; with momentum buf ← μ·buf + g/avg and
    /// p ← p − lr·buf, else p ← p − lr·g/avg.
    /// </summary>
    public static void RmsPropStep(IReadOnlyList<RmsPropTensors> tensors, double lr, double alpha, double eps,
        double weightDecay, double momentum, bool centered, bool maximize) =>
        FusedSteps.Run<RmsPropTensors, RmsPropKernel, RmsPropFusedStep>(tensors,
            new RmsPropFusedStep(lr, alpha, eps, weightDecay, momentum, centered, maximize));
}
