using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// bitsandbytes' dynamic quantisation map (<c>functional.create_dynamic_map(signed, max_exponent_bits=7,
/// total_bits=8)</c>): 256 sorted float32 codes with a decimal exponent and a linear fraction, dense near zero.
/// For i = 0…6 it takes <c>linspace(0.1, 1, n_i)</c> in float32 (n_i = 2^i + 1 signed, 2^(i+1) + 1 unsigned), the
/// midpoints of consecutive points, times 10^(i−6) (and their negatives when signed), then adds 0 and 1 and sorts.
/// The float32 arithmetic is done element by element exactly as torch 1.13 did it (its linspace included), so the
/// codes are bit-identical to the tables bitsandbytes produced there.
/// </summary>
public static class DynamicQuantizationMap
{
    private const int MaxExponentBits = 7;

    // Python's 10 ** (i - 6) for i = 0..6: exact decimal literals, as CPython produces them.
    private static readonly double[] PowersOfTen = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0];

    private static readonly Lazy<float[]> SignedCodes = new(() => Create(signed: true));
    private static readonly Lazy<float[]> UnsignedCodes = new(() => Create(signed: false));
    private static readonly Lazy<QuantizationCodebook> SignedBook = new(() => new QuantizationCodebook(SignedCodes.Value));
    private static readonly Lazy<QuantizationCodebook> UnsignedBook = new(() => new QuantizationCodebook(UnsignedCodes.Value));

    /// <summary>The signed map (first moments, Lion): 127 negative and 127 positive codes, 0 at index 127, and 1.0 (no −1).</summary>
    public static IReadOnlyList<float> Signed => SignedCodes.Value;

    /// <summary>The unsigned map (second moments): 0, 254 positive codes and 1.0.</summary>
    public static IReadOnlyList<float> Unsigned => UnsignedCodes.Value;

    /// <summary>The map of that signedness (a shared, cached table).</summary>
    public static IReadOnlyList<float> Get(bool signed) => signed ? Signed : Unsigned;

    /// <summary>The signed map with its nearest-code search (the fused 8-bit kernels' codebook).</summary>
    public static QuantizationCodebook SignedCodebook => SignedBook.Value;

    /// <summary>The unsigned map with its nearest-code search.</summary>
    public static QuantizationCodebook UnsignedCodebook => UnsignedBook.Value;

    /// <summary>
    /// The bucket boundaries of a sorted map: <c>(code[:-1] + code[1:]) / 2</c> in float32 (255 values), as the
    /// pure-PyTorch <c>quantize_blockwise</c> computes them for its nearest-code search.
    /// </summary>
    public static float[] Midpoints(IReadOnlyList<float> code) => QuantizationCodebook.Midpoints(code);

    /// <summary>Computes the map (use <see cref="Signed"/> / <see cref="Unsigned"/> for the cached tables).</summary>
    public static float[] Create(bool signed)
    {
        var data = new List<float>(256);
        for (var i = 0; i < MaxExponentBits; i++)
        {
            var items = signed ? (1 << i) + 1 : (1 << (i + 1)) + 1;
            var boundaries = Torch113Linspace(0.1f, 1f, items);
            // Python's float scalar meets a float32 tensor: libtorch casts the scalar to float32, then one
            // float32 multiply per element.
            var scale = (float)PowersOfTen[i];
            var means = new float[items - 1];
            for (var k = 0; k < means.Length; k++) means[k] = (boundaries[k] + boundaries[k + 1]) / 2f;
            foreach (var m in means) data.Add(m * scale);
            if (signed)
            {
                foreach (var m in means) data.Add(m * -scale);
            }
        }

        data.Add(0f);
        data.Add(1f);
        data.Sort();
        return [.. data];
    }

    // The golden maps (and every bitsandbytes state quantised with them) came from torch 1.13's CPU linspace;
    // libtorch 2.10's linspace rounds differently (up to 1 ulp on several points for n ≥ 9), which moves the codes.
    // This reproduces 1.13's AVX2 kernel (RangeFactoriesKernel.cpp) bit for bit, as measured against Debian's
    // torch 1.13 for every n in 2..299: step = (end − start) / (n − 1) in float32; the first half counts up from
    // start, the second half down from end, each point a single fused multiply-add (GCC contracted the scalar
    // expressions); the vectorised loop handles 16-point stretches (two 8-float vectors) and fills each vector
    // from its first point as base + k·step, rounding the product and the sum separately; the tail is scalar.
    private static float[] Torch113Linspace(float start, float end, int steps)
    {
        const int vectorWidth = 8;
        var result = new float[steps];
        if (steps == 1)
        {
            result[0] = start;
            return result;
        }

        var step = (end - start) / (steps - 1);
        var halfway = steps / 2;
        float Point(int idx) => idx < halfway
            ? MathF.FusedMultiplyAdd(step, idx, start)
            : MathF.FusedMultiplyAdd(-step, steps - idx - 1, end);

        var index = 0;
        for (; index <= steps - 2 * vectorWidth; index += vectorWidth)
        {
            // Each of the two vectors of a stretch: two roundings per lane, no fusion (measured).
            var vectorBase = Point(index);
            for (var lane = 0; lane < vectorWidth; lane++)
            {
                var offset = step * lane;
                result[index + lane] = vectorBase + offset;
            }

            index += vectorWidth;
            vectorBase = Point(index);
            for (var lane = 0; lane < vectorWidth; lane++)
            {
                var offset = step * lane;
                result[index + lane] = vectorBase + offset;
            }
        }

        for (; index < steps; index++) result[index] = Point(index);
        return result;
    }
}
