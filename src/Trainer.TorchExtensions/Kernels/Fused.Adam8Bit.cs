namespace Training.TorchExtensions;

public static partial class Fused
{
    /// <summary>One parameter's tensors for a fused blockwise 8-bit Adam(W) step (bitsandbytes' state layout).</summary>
    /// <param name="Parameter">The parameter, updated in place.</param>
    /// <param name="Gradient">Its gradient.</param>
    /// <param name="Codes1">First-moment codes (uint8, one per element), updated in place.</param>
    /// <param name="Absmax1">First-moment absmax (float32, one per block of 256), updated in place.</param>
    /// <param name="Codes2">Second-moment codes, updated in place.</param>
    /// <param name="Absmax2">Second-moment absmax, updated in place.</param>
    /// <param name="Step">The step number of this update (1 for the first).</param>
    public readonly record struct Adam8BitTensors(Tensor Parameter, Tensor Gradient, Tensor Codes1, Tensor Absmax1, Tensor Codes2, Tensor Absmax2, long Step);

    /// <summary>
    /// bitsandbytes' blockwise 8-bit AdamW over many parameters: the first moment on <paramref name="signed"/>, the
    /// second on <paramref name="unsigned"/>, both requantised with the new per-block absmax in the same pass as the
    /// update. Parameters whose tensors the CPU kernel cannot take (another dtype or device, a strided view) go
    /// through <paramref name="tensorOpsStep"/>, the caller's tensor-op update, which the kernel reproduces
    /// code for code.
    /// </summary>
    public static void Adam8BitStep(IReadOnlyList<Adam8BitTensors> tensors, double lr, double beta1, double beta2, double eps,
        double weightDecay, QuantizationCodebook signed, QuantizationCodebook unsigned, Action<Adam8BitTensors> tensorOpsStep)
    {
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(unsigned);
        ArgumentNullException.ThrowIfNull(tensorOpsStep);
        FusedSteps.Run<Adam8BitTensors, Adam8BitKernel, Adam8BitFusedStep>(tensors,
            new Adam8BitFusedStep(lr, beta1, beta2, eps, weightDecay, signed, unsigned, tensorOpsStep));
    }
}
