using Training.Optim;

namespace Training.Integrations;

/// <summary>The optimizer-wide arguments every bitsandbytes optimizer takes (not group keys upstream either).</summary>
public abstract record BitsAndBytesOptions : OptimizerOptions
{
    /// <summary>8 for blockwise-quantised state, 32 for float32 state (bitsandbytes' class default is 32).</summary>
    public int OptimBits { get; init; } = 32;

    /// <summary>Tensors with fewer elements keep float32 state.</summary>
    public long Min8BitSize { get; init; } = BitsAndBytesState.DefaultMin8BitSize;

    /// <summary>Paged (CUDA unified memory) state buffers; accepted for the Trainer's <c>paged_*</c> names, plain memory on CPU (numerically identical).</summary>
    public bool IsPaged { get; init; }

    /// <summary>
    /// Update a group's 8-bit tensors in one fused call: float32 CPU parameters through the managed blockwise kernel
    /// (quantisation fused into the update, codes identical to the op-by-op path), anything else op by op; float32
    /// state keeps the op-by-op update (our addition: bitsandbytes has no such flag).
    /// </summary>
    public bool Fused { get; init; }

    /// <summary>optim_bits must be 8 or 32; min_8bit_size must be ≥ 0 (<see cref="ArgumentOutOfRangeException"/> naming the key).</summary>
    protected void CheckBits()
    {
        if (OptimBits is not (8 or 32))
            throw new ArgumentOutOfRangeException("optim_bits", OptimBits, $"Invalid optim_bits: {OptimBits} (must be 8 or 32)");
        if (Min8BitSize < 0)
            throw new ArgumentOutOfRangeException("min_8bit_size", Min8BitSize, $"Invalid min_8bit_size: {Min8BitSize} (must be >= 0)");
    }
}
