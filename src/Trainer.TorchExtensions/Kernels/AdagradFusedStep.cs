namespace Training.TorchExtensions;

/// <summary>Adagrad's hyperparameters of one fused step, and which path each parameter takes.</summary>
internal readonly record struct AdagradFusedStep(double Lr, double LrDecay, double WeightDecay, double Eps, bool Maximize)
    : IFusedStep<Fused.AdagradTensors, AdagradKernel>
{
    public void Validate(in Fused.AdagradTensors tensors)
    {
    }

    public bool TryCreateKernel(in Fused.AdagradTensors tensors, out AdagradKernel kernel)
    {
        kernel = default;
        Span<nint> a = stackalloc nint[3];
        if (!DenseCpuFloat.TryGetAddresses([tensors.Parameter, tensors.Gradient, tensors.Sum], a, out var length)) return false;
        kernel = new AdagradKernel(a[0], a[1], a[2], length, DecayedLr(tensors.Step), this);
        return true;
    }

    public void StepWithTensorOps(in Fused.AdagradTensors tensors)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grad = Maximize ? tensors.Gradient.neg() : tensors.Gradient;
        if (WeightDecay != 0) grad = grad.add(tensors.Parameter, Scalars.Keep(WeightDecay));
        tensors.Sum.addcmul_(grad, grad, Scalars.Keep(1));
        tensors.Parameter.addcdiv_(grad, tensors.Sum.sqrt().add_(Scalars.Keep(Eps)), Scalars.Keep(-DecayedLr(tensors.Step)));
    }

    /// <summary>The decayed learning rate at <paramref name="step"/> (torch 1.13 calls it clr), in double as Python computes it.</summary>
    public double DecayedLr(double step) => Lr / (1 + (step - 1) * LrDecay);
}
