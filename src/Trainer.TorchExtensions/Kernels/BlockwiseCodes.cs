namespace Training.TorchExtensions;

/// <summary>
/// The blockwise 8-bit state the fused 8-bit kernels read and write, with bitsandbytes' pure-PyTorch semantics:
/// blocks of <see cref="BlockSize"/> elements, each with one float32 absmax and one uint8 code per element.
/// A block is decoded into a stack buffer, updated there, and encoded back, so every code is read once and
/// written once; the buffer (1 KiB per state) stays in L1.
/// </summary>
internal static unsafe class BlockwiseCodes
{
    /// <summary>Elements per block; <see cref="CpuKernels.ChunkElements"/> is a multiple, so chunks start on a block.</summary>
    public const int BlockSize = 256;

    /// <summary>The absmax floor that keeps all-zero blocks finite (1e-38, rounded to float32 as libtorch rounds the scalar).</summary>
    public const float AbsmaxFloor = (float)1e-38;

    /// <summary>Number of blocks (absmax entries) of <paramref name="length"/> elements.</summary>
    public static long BlockCount(long length) => (length + BlockSize - 1) / BlockSize;

    /// <summary>values[j] ← map[codes[j]] · absmax for j &lt; <paramref name="count"/>: one float32 product, as the tensor path.</summary>
    public static void Decode(byte* codes, float absmax, QuantizationCodebook codebook, float* values, int count)
    {
        for (var j = 0; j < count; j++) values[j] = codebook.Decode(codes[j]) * absmax;
    }

    /// <summary>
    /// Encodes <paramref name="count"/> values with their block's largest magnitude <paramref name="blockMax"/> and
    /// returns the absmax to store. As the tensor path: a full block is scaled by x · (1 / max(absmax, floor)) and
    /// stores the unclamped absmax; the partial last block by x / max(absmax, floor) and stores the clamped one; the
    /// scaled value is clamped to [−1, 1] before the nearest-code search.
    /// </summary>
    public static float Encode(float* values, int count, float blockMax, QuantizationCodebook codebook, byte* codes)
    {
        var floored = MathF.Max(blockMax, AbsmaxFloor);
        if (count == BlockSize)
        {
            var inverse = 1f / floored;
            for (var j = 0; j < count; j++) codes[j] = codebook.Encode(Math.Clamp(values[j] * inverse, -1f, 1f));
            return blockMax;
        }

        for (var j = 0; j < count; j++) codes[j] = codebook.Encode(Math.Clamp(values[j] / floored, -1f, 1f));
        return floored;
    }

    /// <summary>
    /// The addresses of one 8-bit state (codes and absmax) of a parameter of <paramref name="length"/> elements, or
    /// false when either does not qualify: uint8 codes and float32 absmax, dense, contiguous, on the CPU.
    /// </summary>
    public static bool TryGetAddresses(Tensor codes, Tensor absmax, long length, out nint codesAddress, out nint absmaxAddress)
    {
        (codesAddress, absmaxAddress) = (0, 0);
        if (!Qualifies(codes, ScalarType.Byte, length) || !Qualifies(absmax, ScalarType.Float32, BlockCount(length))) return false;
        codesAddress = TensorMemory.DataPointer(codes);
        absmaxAddress = TensorMemory.DataPointer(absmax);
        return true;
    }

    /// <summary>Throws unless <paramref name="codes"/> and <paramref name="absmax"/> fit a parameter of <paramref name="length"/> elements.</summary>
    public static void Validate(Tensor codes, Tensor absmax, long length, string name)
    {
        ArgumentNullException.ThrowIfNull(codes, name);
        ArgumentNullException.ThrowIfNull(absmax, name);
        if (codes.dtype != ScalarType.Byte) throw new ArgumentException($"{name}: codes must be uint8, not {codes.dtype}", name);
        if (codes.numel() != length) throw new ArgumentException($"{name}: codes hold {codes.numel()} elements, the parameter {length}", name);
        if (absmax.numel() != BlockCount(length))
            throw new ArgumentException($"{name}: absmax has {absmax.numel()} entries, {length} elements need {BlockCount(length)}", name);
    }

    private static bool Qualifies(Tensor tensor, ScalarType dtype, long length) =>
        tensor.dtype == dtype && tensor.device_type == DeviceType.CPU && !tensor.is_sparse && tensor.numel() == length && tensor.is_contiguous();
}
