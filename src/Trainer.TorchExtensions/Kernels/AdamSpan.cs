namespace Training.TorchExtensions;

/// <summary>
/// The memory of one float32 parameter's tensors for the CPU kernel: addresses of element 0 of the parameter, its
/// gradient, both moments and the AMSGrad maximum (0 when off), the element count and the parameter's constants.
/// </summary>
internal readonly record struct AdamSpan(nint Parameter, nint Gradient, nint ExpAvg, nint ExpAvgSq, nint MaxExpAvgSq,
    long Length, AdamCoefficients Coefficients);
