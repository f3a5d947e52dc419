namespace Training.TorchExtensions;

public static partial class Fused
{
    /// <summary>One parameter's tensors for a fused blockwise 8-bit Lion step (bitsandbytes' state layout).</summary>
    /// <param name="Parameter">The parameter, updated in place.</param>
    /// <param name="Gradient">Its gradient.</param>
    /// <param name="Codes">Momentum codes (uint8, one per element), updated in place.</param>
    /// <param name="Absmax">Momentum absmax (float32, one per block of 256), updated in place.</param>
    public readonly record struct Lion8BitTensors(Tensor Parameter, Tensor Gradient, Tensor Codes, Tensor Absmax);

    /// <summary>
    /// bitsandbytes' blockwise 8-bit Lion over many parameters, the momentum on <paramref name="signed"/> and
    /// requantised with the new per-block absmax in the same pass as the update. Parameters the CPU kernel cannot
    /// take go through <paramref name="tensorOpsStep"/>, the caller's tensor-op update.
    /// </summary>
    public static void Lion8BitStep(IReadOnlyList<Lion8BitTensors> tensors, double lr, double beta1, double beta2, double weightDecay,
        QuantizationCodebook signed, Action<Lion8BitTensors> tensorOpsStep)
    {
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(tensorOpsStep);
        FusedSteps.Run<Lion8BitTensors, Lion8BitKernel, Lion8BitFusedStep>(tensors,
            new Lion8BitFusedStep(lr, beta1, beta2, weightDecay, signed, tensorOpsStep));
    }
}
