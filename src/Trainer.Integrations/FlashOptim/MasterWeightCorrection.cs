using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// FlashOptim's compressed master weights ("ECC bits", <c>_compute_ecc_bits</c> / <c>_apply_error_correction</c>):
/// a bf16/fp16 parameter plus a signed int8 (24-bit master) or int16 (32-bit master) per-element error term that
/// stores the float32 rounding error as a fraction of half an ULP of the narrow value:
/// <c>x = float(p) + ecc/MAXV · 2^(log_ulp(p) − 1)</c>. All arithmetic is float32 in upstream's order; the powers of
/// two are built from exponent bits (exact, never through <c>exp2</c>) and the exponent is read from the float32 bit
/// pattern through an integer view, so the results are bit-exact.
/// </summary>
public static class MasterWeightCorrection
{
    private const int Float32Bias = 127;
    private const int Float32MantissaScale = 1 << 23;

    /// <summary>The error term's largest code: 127 for int8, 32767 for int16.</summary>
    public static int MaxCode(ScalarType errorType) => errorType switch
    {
        ScalarType.Int8 => sbyte.MaxValue,
        ScalarType.Int16 => short.MaxValue,
        _ => throw new ArgumentException($"error bits must be int8 or int16, not {errorType}", nameof(errorType)),
    };

    /// <summary>The error-term dtype for a master width: 24 bits → int8, 32 bits → int16 (for 2-byte parameters).</summary>
    public static ScalarType ErrorType(int masterWeightBits) => masterWeightBits switch
    {
        24 => ScalarType.Int8,
        32 => ScalarType.Int16,
        _ => throw new ArgumentOutOfRangeException(nameof(masterWeightBits), masterWeightBits, "master_weight_bits must be 24 or 32"),
    };

    /// <summary>True for the narrow dtypes error bits apply to (bf16, fp16).</summary>
    public static bool Supports(ScalarType parameterType) => parameterType is ScalarType.BFloat16 or ScalarType.Float16;

    /// <summary>The float32 master value reconstructed from the narrow parameter and its error bits.</summary>
    public static Tensor Reconstruct(Tensor narrow, Tensor errorBits)
    {
        ArgumentNullException.ThrowIfNull(narrow);
        ArgumentNullException.ThrowIfNull(errorBits);
        var maxCode = MaxCode(errorBits.dtype);
        var logScale = LogHalfUlp(narrow);
        var h = logScale.floor_divide(Scalars.Keep(2));
        var correction = errorBits.to(ScalarType.Float32).div(Scalars.Keep(maxCode));
        var e = correction.mul(PowerOfTwo(h)).mul_(PowerOfTwo(logScale.sub(h)));
        return narrow.to(ScalarType.Float32, copy: true).add_(e);
    }

    /// <summary>
    /// The error bits of <paramref name="master"/> (float32) against its rounded narrow copy: round half away from
    /// zero of clamp(e / 2^(log_ulp − 1), −1, 1) · MAXV, as <paramref name="errorType"/>.
    /// </summary>
    public static Tensor Encode(Tensor master, Tensor narrow, ScalarType errorType)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(narrow);
        var maxCode = MaxCode(errorType);
        var e = master.sub(narrow.to(ScalarType.Float32));
        var negLogScale = LogHalfUlp(narrow).neg();
        // 2^(−log_scale) can exceed float32's range (bf16 subnormals: 2^134), so scale in two exact halves as upstream.
        var h = negLogScale.floor_divide(Scalars.Keep(2));
        var normalized = e.mul_(PowerOfTwo(h)).mul_(PowerOfTwo(negLogScale.sub(h)));
        var scaled = normalized.clamp_(Scalars.Keep(-1.0), Scalars.Keep(1.0)).mul_(Scalars.Keep(maxCode));
        var rounded = scaled.abs().add_(Scalars.Keep(0.5)).floor_().mul_(scaled.sign());
        return rounded.to(errorType);
    }

    /// <summary>
    /// log_ulp(p) − 1 as int32: the unbiased exponent of |p| (subnormals and zero use 1 − bias of the narrow type)
    /// minus its mantissa bits, minus one. Read from the float32 bit pattern of the exactly widened value, whose
    /// exponent equals the narrow one for every normal narrow value.
    /// </summary>
    public static Tensor LogHalfUlp(Tensor narrow)
    {
        ArgumentNullException.ThrowIfNull(narrow);
        var (mantissaBits, minExponent) = narrow.dtype switch
        {
            ScalarType.BFloat16 => (7, -126),
            ScalarType.Float16 => (10, -14),
            _ => throw new ArgumentException($"error bits apply to bfloat16 or float16 parameters, not {narrow.dtype}", nameof(narrow)),
        };
        var bits = narrow.to(ScalarType.Float32, copy: true).abs_().ReinterpretAs(ScalarType.Int32);
        var exponent = bits.floor_divide(Scalars.Keep(Float32MantissaScale)).sub_(Scalars.Keep(Float32Bias)).clamp_(Scalars.Keep(minExponent), null);
        return exponent.sub_(Scalars.Keep(mantissaBits + 1));
    }

    /// <summary>2^k as float32 for integer k in float32's normal range, built from the exponent field (exact).</summary>
    private static Tensor PowerOfTwo(Tensor exponent) =>
        exponent.add(Scalars.Keep(Float32Bias)).mul_(Scalars.Keep(Float32MantissaScale)).ReinterpretAs(ScalarType.Float32);
}
