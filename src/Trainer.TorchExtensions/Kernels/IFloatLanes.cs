namespace Training.TorchExtensions;

/// <summary>
/// The element operations a CPU kernel is written in, for one register width: <typeparamref name="TVector"/> is
/// <c>Vector512&lt;float&gt;</c>, <c>Vector256&lt;float&gt;</c> or <c>float</c> itself (the scalar tail). Each algorithm
/// is written once, generic over these; the JIT specialises it per width (struct type arguments), so the calls inline
/// to single instructions. (The vectors' operator interfaces are not in the reference assemblies, hence methods.)
/// </summary>
internal unsafe interface IFloatLanes<TVector> where TVector : struct
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Reads <see cref="Count"/> elements from <paramref name="address"/>.</summary>
    static abstract TVector Load(float* address);

    /// <summary>Writes <see cref="Count"/> elements to <paramref name="address"/>.</summary>
    static abstract void Store(TVector value, float* address);

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TVector Create(float value);

    /// <summary>a + b.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary>a − b.</summary>
    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary>a · b.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>a / b.</summary>
    static abstract TVector Divide(TVector a, TVector b);

    /// <summary>−a.</summary>
    static abstract TVector Negate(TVector a);

    /// <summary>a·b + c rounded once, as libtorch's vectorised <c>add(other, alpha)</c> computes <c>self + alpha·other</c>.</summary>
    static abstract TVector FusedMultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>|a| of each lane.</summary>
    static abstract TVector Abs(TVector a);

    /// <summary>Square root of each lane.</summary>
    static abstract TVector Sqrt(TVector value);

    /// <summary>The larger of each pair of lanes (NaN propagates, as torch.maximum).</summary>
    static abstract TVector Max(TVector a, TVector b);

    /// <summary>torch.sign: 1 for positive lanes, −1 for negative, 0 for zero and NaN.</summary>
    static abstract TVector Sign(TVector value);
}
