namespace Training.TorchExtensions;

/// <summary>
/// One parameter's Adam constants as torch applies them: every scalar is computed in double (as Python computes
/// torch 1.13's step size and bias corrections) and rounded to float32 once, where libtorch casts a Scalar operand to
/// the tensor's dtype.
/// </summary>
internal readonly struct AdamCoefficients
{
    public AdamCoefficients(double lr, double beta1, double beta2, double eps, double weightDecay, bool maximize,
        bool decoupled, double step)
    {
        Beta1 = (float)beta1;
        Beta2 = (float)beta2;
        OneMinusBeta1 = (float)(1 - beta1);
        OneMinusBeta2 = (float)(1 - beta2);
        Eps = (float)eps;
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        BiasCorrection2Sqrt = (float)Math.Sqrt(1 - Math.Pow(beta2, step));
        NegativeStepSize = (float)(-(lr / biasCorrection1));
        L2Decay = !decoupled && weightDecay != 0 ? (float)weightDecay : 0f;
        // torch's AdamW multiplies by 1 - lr·wd even when wd is 0; that product is exactly 1, so skipping it is exact.
        DecoupledFactor = decoupled && weightDecay != 0 ? (float)(1 - lr * weightDecay) : 1f;
        Maximize = maximize;
    }

    public float Beta1 { get; }
    public float Beta2 { get; }
    public float OneMinusBeta1 { get; }
    public float OneMinusBeta2 { get; }
    public float Eps { get; }
    public float BiasCorrection2Sqrt { get; }
    public float NegativeStepSize { get; }
    public float L2Decay { get; }
    public float DecoupledFactor { get; }
    public bool Maximize { get; }
}
