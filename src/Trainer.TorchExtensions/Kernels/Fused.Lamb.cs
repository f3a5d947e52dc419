namespace Training.TorchExtensions;

public static partial class Fused
{
    /// <summary>One parameter's tensors for a fused LAMB step.</summary>
    /// <param name="Parameter">The parameter, updated in place.</param>
    /// <param name="Gradient">Its gradient.</param>
    /// <param name="ExpAvg">First moment, updated in place.</param>
    /// <param name="ExpAvgSq">Second moment, updated in place.</param>
    public readonly record struct LambTensors(Tensor Parameter, Tensor Gradient, Tensor ExpAvg, Tensor ExpAvgSq);

    /// <summary>
    /// LAMB over many parameters, as Cerebras implements it: m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
    /// r = m/(√v + ε) + wd·p; p ← p − lr·trust·r with trust = min(‖p‖, 10)/‖r‖ (1 when either norm is 0, or when
    /// <paramref name="adam"/>). Two passes over each float32 CPU tensor (the trust ratio needs the whole tensor).
    /// </summary>
    public static void LambStep(IReadOnlyList<LambTensors> tensors, double lr, double beta1, double beta2, double eps, double weightDecay, bool adam) =>
        new LambFusedStep(lr, beta1, beta2, eps, weightDecay, adam).Run(tensors);
}
