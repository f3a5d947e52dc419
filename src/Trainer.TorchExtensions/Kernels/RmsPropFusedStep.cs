namespace Training.TorchExtensions;

/// <summary>RMSprop's hyperparameters of one fused step, and which path each parameter takes.</summary>
internal readonly record struct RmsPropFusedStep(double Lr, double Alpha, double Eps, double WeightDecay, double Momentum,
    bool Centered, bool Maximize) : IFusedStep<Fused.RmsPropTensors, RmsPropKernel>
{
    public void Validate(in Fused.RmsPropTensors tensors)
    {
        if (Centered && tensors.GradAvg is null) throw new ArgumentException("centered needs grad_avg", nameof(tensors));
        if (Momentum > 0 && tensors.MomentumBuffer is null) throw new ArgumentException("momentum needs momentum_buffer", nameof(tensors));
    }

    public bool TryCreateKernel(in Fused.RmsPropTensors tensors, out RmsPropKernel kernel)
    {
        kernel = default;
        Span<nint> a = stackalloc nint[5];
        if (!DenseCpuFloat.TryGetAddresses(
                [tensors.Parameter, tensors.Gradient, tensors.SquareAvg, Centered ? tensors.GradAvg : null, Momentum > 0 ? tensors.MomentumBuffer : null],
                a, out var length))
            return false;
        kernel = new RmsPropKernel(a[0], a[1], a[2], a[3], a[4], length, this);
        return true;
    }

    public void StepWithTensorOps(in Fused.RmsPropTensors tensors)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grad = Maximize ? tensors.Gradient.neg() : tensors.Gradient;
        if (WeightDecay != 0) grad = grad.add(tensors.Parameter, Scalars.Keep(WeightDecay));
        tensors.SquareAvg.mul_(Scalars.Keep(Alpha)).addcmul_(grad, grad, Scalars.Keep(1 - Alpha));
        Tensor average;
        if (Centered)
        {
            var gradAvg = tensors.GradAvg!;
            gradAvg.mul_(Scalars.Keep(Alpha)).add_(grad, Scalars.Keep(1 - Alpha));
            average = tensors.SquareAvg.addcmul(gradAvg, gradAvg, Scalars.Keep(-1)).sqrt_();
        }
        else
        {
            average = tensors.SquareAvg.sqrt();
        }

        average.add_(Scalars.Keep(Eps));
        if (Momentum > 0)
        {
            var buffer = tensors.MomentumBuffer!;
            buffer.mul_(Scalars.Keep(Momentum)).addcdiv_(grad, average);
            tensors.Parameter.add_(buffer, Scalars.Keep(-Lr));
        }
        else
        {
            tensors.Parameter.addcdiv_(grad, average, Scalars.Keep(-Lr));
        }
    }
}
