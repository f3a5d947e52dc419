namespace Training.TorchExtensions;

/// <summary>Lion's hyperparameters of one fused step, and which path each parameter takes.</summary>
internal readonly record struct LionFusedStep(double Lr, double Beta1, double Beta2, double WeightDecay)
    : IFusedStep<Fused.LionTensors, LionKernel>
{
    public void Validate(in Fused.LionTensors tensors)
    {
    }

    public bool TryCreateKernel(in Fused.LionTensors tensors, out LionKernel kernel)
    {
        kernel = default;
        Span<nint> a = stackalloc nint[3];
        if (!DenseCpuFloat.TryGetAddresses([tensors.Parameter, tensors.Gradient, tensors.ExpAvg], a, out var length)) return false;
        kernel = new LionKernel(a[0], a[1], a[2], length, this);
        return true;
    }

    public void StepWithTensorOps(in Fused.LionTensors tensors)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (WeightDecay != 0) tensors.Parameter.mul_(Scalars.Keep(1 - Lr * WeightDecay));
        var direction = tensors.ExpAvg.mul(Scalars.Keep(Beta1)).add_(tensors.Gradient, Scalars.Keep(1 - Beta1)).sign_();
        tensors.Parameter.add_(direction, Scalars.Keep(-Lr));
        tensors.ExpAvg.mul_(Scalars.Keep(Beta2)).add_(tensors.Gradient, Scalars.Keep(1 - Beta2));
    }
}
