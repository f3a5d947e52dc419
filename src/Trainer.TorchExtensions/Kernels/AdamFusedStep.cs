namespace Training.TorchExtensions;

/// <summary>Adam/AdamW's hyperparameters of one fused step, and which path each parameter takes.</summary>
internal readonly record struct AdamFusedStep(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay,
    bool Amsgrad, bool Maximize, bool Decoupled) : IFusedStep<Fused.AdamTensors, AdamKernel>
{
    public void Validate(in Fused.AdamTensors tensors)
    {
        if (Amsgrad && tensors.MaxExpAvgSq is null) throw new ArgumentException("amsgrad needs max_exp_avg_sq", nameof(tensors));
    }

    public bool TryCreateKernel(in Fused.AdamTensors tensors, out AdamKernel kernel)
    {
        kernel = default;
        Span<nint> a = stackalloc nint[5];
        if (!DenseCpuFloat.TryGetAddresses(
                [tensors.Parameter, tensors.Gradient, tensors.ExpAvg, tensors.ExpAvgSq, Amsgrad ? tensors.MaxExpAvgSq : null], a, out var length))
            return false;
        kernel = new AdamKernel(a[0], a[1], a[2], a[3], a[4], length, Coefficients(tensors.Step));
        return true;
    }

    public void StepWithTensorOps(in Fused.AdamTensors tensors) =>
        AdamTensorOps.Step(tensors, Lr, Beta1, Beta2, Eps, WeightDecay, Amsgrad, Maximize, Decoupled);

    /// <summary>The float32 constants of a parameter at <paramref name="step"/>.</summary>
    public AdamCoefficients Coefficients(double step) =>
        new(Lr, Beta1, Beta2, Eps, WeightDecay, Maximize, Decoupled, step);
}
