namespace Training.TorchExtensions;

/// <summary>8-bit blockwise Lion's hyperparameters and codebook of one fused step, and which path each parameter takes.</summary>
internal readonly record struct Lion8BitFusedStep(double Lr, double Beta1, double Beta2, double WeightDecay,
    QuantizationCodebook Codebook, Action<Fused.Lion8BitTensors> TensorOpsStep) : IFusedStep<Fused.Lion8BitTensors, Lion8BitKernel>
{
    public void Validate(in Fused.Lion8BitTensors tensors) =>
        BlockwiseCodes.Validate(tensors.Codes, tensors.Absmax, tensors.Parameter.numel(), "state1");

    public bool TryCreateKernel(in Fused.Lion8BitTensors tensors, out Lion8BitKernel kernel)
    {
        kernel = default;
        Span<nint> a = stackalloc nint[2];
        if (!DenseCpuFloat.TryGetAddresses([tensors.Parameter, tensors.Gradient], a, out var length)) return false;
        if (!BlockwiseCodes.TryGetAddresses(tensors.Codes, tensors.Absmax, length, out var codes, out var absmax)) return false;
        kernel = new Lion8BitKernel(a[0], a[1], codes, absmax, length, this);
        return true;
    }

    public void StepWithTensorOps(in Fused.Lion8BitTensors tensors) => TensorOpsStep(tensors);
}
