namespace Training.TorchExtensions;

/// <summary>SGD's hyperparameters of one fused step, and which path each parameter takes.</summary>
internal readonly record struct SgdFusedStep(double Lr, double Momentum, double Dampening, double WeightDecay,
    bool Nesterov, bool Maximize) : IFusedStep<Fused.SgdTensors, SgdKernel>
{
    public void Validate(in Fused.SgdTensors tensors)
    {
        if (Momentum != 0 && tensors.MomentumBuffer is null)
            throw new ArgumentException("momentum needs momentum_buffer", nameof(tensors));
    }

    public bool TryCreateKernel(in Fused.SgdTensors tensors, out SgdKernel kernel)
    {
        kernel = default;
        Span<nint> a = stackalloc nint[3];
        if (!DenseCpuFloat.TryGetAddresses([tensors.Parameter, tensors.Gradient, Momentum != 0 ? tensors.MomentumBuffer : null], a, out var length))
            return false;
        kernel = new SgdKernel(a[0], a[1], a[2], length, tensors.InitializeBuffer, this);
        return true;
    }

    public void StepWithTensorOps(in Fused.SgdTensors tensors)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var d = Maximize ? tensors.Gradient.neg() : tensors.Gradient;
        if (WeightDecay != 0) d = d.add(tensors.Parameter, Scalars.Keep(WeightDecay));
        if (Momentum != 0)
        {
            var buffer = tensors.MomentumBuffer!;
            if (tensors.InitializeBuffer) buffer.copy_(d);
            else buffer.mul_(Scalars.Keep(Momentum)).add_(d, Scalars.Keep(1 - Dampening));
            d = Nesterov ? d.add(buffer, Scalars.Keep(Momentum)) : buffer;
        }

        tensors.Parameter.add_(d, Scalars.Keep(-Lr));
    }
}
