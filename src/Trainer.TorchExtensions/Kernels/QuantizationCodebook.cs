namespace Training.TorchExtensions;

/// <summary>
/// A sorted 8-bit quantisation map (at most 256 codes) and its nearest-code search: the code of a value is the
/// number of bucket bounds (midpoints of consecutive codes) strictly below it — <c>torch.bucketize(x, bounds)</c>
/// with right=False, so an exact tie with a midpoint takes the lower code and NaN takes code 0.
/// </summary>
/// <remarks>
/// The search is a table lookup, not a binary search: a value's sign, exponent and top <see cref="MantissaBits"/>
/// mantissa bits pick a bucket of floats whose codes span at most <see cref="MaxSpan"/> bounds (measured when the
/// table is built); the code is the bucket's lowest code plus one comparison per bound in that span. The count of
/// bounds below x is monotone in x, so this equals the full count exactly for every float, at a few instructions
/// per value instead of eight dependent, mispredicted comparisons.
/// </remarks>
public sealed class QuantizationCodebook
{
    // 6 mantissa bits make the dynamic maps' buckets span at most 2 bounds; the table stays L1-resident (3.3 KB).
    private const int MantissaBits = 6;

    // Exponents below 2^-24 share one bucket per sign: the dynamic maps' smallest bound is ~1.6e-7.
    private const int MinExponent = 127 - 24;

    // One slot for everything below MinExponent, one per exponent up to 127 (|x| < 2).
    private const int ExponentSlots = 128 - MinExponent + 1;
    private const int BucketsPerSign = ExponentSlots << MantissaBits;

    private readonly float[] codes;
    private readonly float[] bounds;

    // Bounds padded with +∞ so the fixed MaxSpan comparisons never read past the end and never count padding.
    private readonly float[] paddedBounds;
    private readonly byte[] lowestCode;

    /// <summary>Builds the codebook of <paramref name="codes"/>: 2 to 256 float32 values sorted ascending.</summary>
    public QuantizationCodebook(IReadOnlyList<float> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Count is < 2 or > 256) throw new ArgumentException($"a codebook holds 2 to 256 codes, not {codes.Count}", nameof(codes));
        for (var i = 1; i < codes.Count; i++)
        {
            if (!(codes[i - 1] <= codes[i])) throw new ArgumentException($"codes must be sorted ascending: code {i} ({codes[i]}) < code {i - 1} ({codes[i - 1]})", nameof(codes));
        }

        this.codes = [.. codes];
        bounds = Midpoints(codes);
        lowestCode = new byte[2 * BucketsPerSign];
        var maxSpan = 0;
        for (var key = 0; key < lowestCode.Length; key++)
        {
            var (low, high) = BucketRange(key);
            var lowCode = CountBelow(low);
            lowestCode[key] = (byte)lowCode;
            maxSpan = Math.Max(maxSpan, CountBelow(high) - lowCode);
        }

        MaxSpan = maxSpan;
        paddedBounds = new float[bounds.Length + maxSpan];
        Array.Fill(paddedBounds, float.PositiveInfinity);
        bounds.CopyTo(paddedBounds, 0);
    }

    /// <summary>The codes, ascending: code <c>i</c> decodes to <c>Codes[i]</c>.</summary>
    public IReadOnlyList<float> Codes => codes;

    /// <summary>The bucket bounds: <c>(code[i] + code[i+1]) / 2</c> in float32.</summary>
    public IReadOnlyList<float> Bounds => bounds;

    /// <summary>The most bounds any lookup bucket holds (the comparisons each <see cref="Encode"/> makes).</summary>
    public int MaxSpan { get; }

    /// <summary>
    /// The bucket bounds of a sorted map: <c>(code[:-1] + code[1:]) / 2</c> in float32, as the pure-PyTorch
    /// <c>quantize_blockwise</c> computes them (a float32 sum, then halving: the same two roundings).
    /// </summary>
    public static float[] Midpoints(IReadOnlyList<float> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var result = new float[Math.Max(0, codes.Count - 1)];
        for (var i = 0; i < result.Length; i++) result[i] = (codes[i] + codes[i + 1]) / 2f;
        return result;
    }

    /// <summary>The code of <paramref name="value"/>: the number of bounds strictly below it.</summary>
    public byte Encode(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value);
        var exponent = (bits >> 23) & 0xFF;
        // |x| ≥ 2, ∞ and NaN: outside the table (never after the optimizers' clamp to [−1, 1]).
        if (exponent > 127) return (byte)CountBelow(value);
        var key = Key(bits, exponent);
        int lowest = lowestCode[key];
        var code = lowest;
        for (var j = 0; j < MaxSpan; j++)
        {
            if (paddedBounds[lowest + j] < value) code++;
        }

        return (byte)code;
    }

    /// <summary>Decodes <paramref name="code"/>.</summary>
    public float Decode(byte code) => codes[code];

    private static int Key(int bits, int exponent)
    {
        var slot = exponent < MinExponent ? 0 : exponent - MinExponent + 1;
        var mantissa = slot == 0 ? 0 : (bits >> (23 - MantissaBits)) & ((1 << MantissaBits) - 1);
        var sign = (int)((uint)bits >> 31);
        return sign * BucketsPerSign + (slot << MantissaBits) + mantissa;
    }

    // The smallest and largest float of a bucket (for negative buckets the largest magnitude is the smallest value).
    private static (float Low, float High) BucketRange(int key)
    {
        var negative = key >= BucketsPerSign;
        var local = key % BucketsPerSign;
        var slot = local >> MantissaBits;
        var mantissa = local & ((1 << MantissaBits) - 1);
        int smallBits, largeBits;
        if (slot == 0)
        {
            if (mantissa != 0) return (float.NaN, float.NaN);
            (smallBits, largeBits) = (0, (MinExponent << 23) - 1);
        }
        else
        {
            var exponent = MinExponent + slot - 1;
            if (exponent > 127) return (float.NaN, float.NaN);
            var first = (exponent << 23) | (mantissa << (23 - MantissaBits));
            (smallBits, largeBits) = (first, first + (1 << (23 - MantissaBits)) - 1);
        }

        var small = BitConverter.Int32BitsToSingle(smallBits);
        var large = BitConverter.Int32BitsToSingle(largeBits);
        return negative ? (-large, -small) : (small, large);
    }

    // The reference count (a binary search): bounds strictly below value; NaN compares false and counts none.
    private int CountBelow(float value)
    {
        if (float.IsNaN(value)) return 0;
        int low = 0, high = bounds.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (bounds[middle] < value) low = middle + 1;
            else high = middle;
        }

        return low;
    }
}
