namespace Training.TorchExtensions;

/// <summary>8-bit blockwise Adam(W)'s hyperparameters and codebooks of one fused step, and which path each parameter takes.</summary>
internal readonly record struct Adam8BitFusedStep(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay,
    QuantizationCodebook SignedCodebook, QuantizationCodebook UnsignedCodebook, Action<Fused.Adam8BitTensors> TensorOpsStep)
    : IFusedStep<Fused.Adam8BitTensors, Adam8BitKernel>
{
    public void Validate(in Fused.Adam8BitTensors tensors)
    {
        var length = tensors.Parameter.numel();
        BlockwiseCodes.Validate(tensors.Codes1, tensors.Absmax1, length, "state1");
        BlockwiseCodes.Validate(tensors.Codes2, tensors.Absmax2, length, "state2");
    }

    public bool TryCreateKernel(in Fused.Adam8BitTensors tensors, out Adam8BitKernel kernel)
    {
        kernel = default;
        Span<nint> a = stackalloc nint[2];
        if (!DenseCpuFloat.TryGetAddresses([tensors.Parameter, tensors.Gradient], a, out var length)) return false;
        if (!BlockwiseCodes.TryGetAddresses(tensors.Codes1, tensors.Absmax1, length, out var codes1, out var absmax1)) return false;
        if (!BlockwiseCodes.TryGetAddresses(tensors.Codes2, tensors.Absmax2, length, out var codes2, out var absmax2)) return false;
        // The probe behind AllFused runs tensor ops: on this thread, not inside the kernels' parallel loop.
        kernel = new Adam8BitKernel(a[0], a[1], codes1, absmax1, codes2, absmax2, length, this, tensors.Step, torch.get_num_threads(),
            LibtorchScalarTail.AllFused);
        return true;
    }

    public void StepWithTensorOps(in Fused.Adam8BitTensors tensors) => TensorOpsStep(tensors);
}
