namespace Training.TorchExtensions;

/// <summary>
/// Which elements of a contiguous tensor libtorch's element-wise CPU kernels compute with their scalar code, and
/// whether that code fuses <c>a + b·c</c> into one rounding. A kernel that must reproduce a tensor op bit for bit
/// needs both: libtorch splits the elements into one range per thread (<c>at::parallel_for</c>, grain 32768), runs
/// two vectors at a time through each range and the last <c>(range length) mod (2 · vector width)</c> elements
/// through the scalar lambda, which GCC contracts into fused multiply-adds (<c>addcmul</c>'s
/// <c>self + value·t1·t2</c> becomes one rounding there, two in the vector code).
/// </summary>
/// <remarks>
/// Both facts are measured once on this libtorch rather than assumed (the vector width depends on the CPU
/// capability libtorch dispatched to, and builds differ in whether the vector code fuses too — libtorch 2.10's
/// does, <see cref="AllFused"/>): an <c>addcmul</c> over 127 elements whose fused result differs from the unfused
/// one shows which elements took one rounding.
/// </remarks>
internal static class LibtorchScalarTail
{
    /// <summary>libtorch's <c>at::internal::GRAIN_SIZE</c>: ranges are split across threads above it.</summary>
    public const long GrainSize = 32768;

    private const int ProbeLength = 127;

    private static readonly Lazy<int> MeasuredTail = new(Measure);

    /// <summary>True when libtorch computes <c>addcmul</c> with one rounding everywhere, vectors included.</summary>
    public static bool AllFused => MeasuredTail.Value == ProbeLength;

    /// <summary>
    /// Elements per step of libtorch's vectorised loop (two vectors) when only its scalar tail fuses
    /// <c>addcmul</c>; 0 when no element needs special treatment (nothing fuses, or everything does).
    /// </summary>
    // 127 = k·stride + tail for a power-of-two stride (at most 32) above the tail.
    public static int Stride => MeasuredTail.Value is 0 or ProbeLength ? 0 : MeasuredTail.Value + 1;

    /// <summary>
    /// The scalar tail of the libtorch range that contains <paramref name="element"/> of a tensor of
    /// <paramref name="length"/> elements, with <paramref name="threads"/> intra-op threads: [start, end).
    /// </summary>
    public static (long Start, long End) TailOf(long element, long length, int threads)
    {
        var stride = Stride;
        if (stride == 0) return (0, 0);
        var ranges = length > GrainSize && threads > 1 ? Math.Min(threads, (length + GrainSize - 1) / GrainSize) : 1;
        var chunk = (length + ranges - 1) / ranges;
        var begin = element / chunk * chunk;
        var end = Math.Min(length, begin + chunk);
        return (begin + (end - begin) / stride * stride, end);
    }

    private static int Measure()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // t² = 1 + 2⁻¹¹ + 2⁻²⁴ rounds to 1 + 2⁻¹¹ (a tie, to even); self cancels the rounded product, so the unfused
        // result is 0 and the fused one the residual 2⁻²⁴.
        var factor = 1f + MathF.Pow(2, -12);
        var self = torch.full(ProbeLength, Scalars.Keep(-(1f + MathF.Pow(2, -11))), ScalarType.Float32);
        var t = torch.full(ProbeLength, Scalars.Keep(factor), ScalarType.Float32);
        var result = self.addcmul(t, t, Scalars.Keep(1.0)).data<float>().ToArray();
        var tail = 0;
        while (tail < ProbeLength && result[ProbeLength - 1 - tail] != 0) tail++;
        return tail;
    }
}
