namespace Training.TorchExtensions;

public static partial class Fused
{
    /// <summary>One parameter's tensors for a fused SGD step.</summary>
    /// <param name="Parameter">The parameter, updated in place.</param>
    /// <param name="Gradient">Its gradient.</param>
    /// <param name="MomentumBuffer">The momentum buffer, updated in place; null when momentum is 0.</param>
    /// <param name="InitializeBuffer">
    /// True on the parameter's first step with momentum: the buffer's contents are ignored and it becomes the descent
    /// direction (torch clones it from the gradient then), so the caller may pass an uninitialised tensor.
    /// </param>
    public readonly record struct SgdTensors(Tensor Parameter, Tensor Gradient, Tensor? MomentumBuffer, bool InitializeBuffer);

    /// <summary>
    /// torch.optim.SGD over many parameters: d = ±g (+ weight_decay·p); with momentum, buf = d on the first step,
    /// then buf = momentum·buf + (1 − dampening)·d, and d = buf (or d + momentum·buf with Nesterov); p ← p − lr·d.
    /// </summary>
    public static void SgdStep(IReadOnlyList<SgdTensors> tensors, double lr, double momentum, double dampening,
        double weightDecay, bool nesterov, bool maximize) =>
        FusedSteps.Run<SgdTensors, SgdKernel, SgdFusedStep>(tensors,
            new SgdFusedStep(lr, momentum, dampening, weightDecay, nesterov, maximize));
}
