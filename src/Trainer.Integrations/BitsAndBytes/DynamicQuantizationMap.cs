using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// bitsandbytes' dynamic quantisation map (<c>functional.create_dynamic_map(signed, max_exponent_bits=7,
/// total_bits=8)</c>): 256 sorted float32 codes with a decimal exponent and a linear fraction, dense near zero.
/// For i = 0…6 it takes <c>linspace(0.1, 1, n_i)</c> in float32 (n_i = 2^i + 1 signed, 2^(i+1) + 1 unsigned), the
/// midpoints of consecutive points, times 10^(i−6) (and their negatives when signed), then adds 0 and 1 and sorts.
/// The float32 tensor arithmetic is done by libtorch exactly as upstream does it, so the codes are bit-identical.
/// </summary>
public static class DynamicQuantizationMap
{
    private const int MaxExponentBits = 7;

    // Python's 10 ** (i - 6) for i = 0..6: exact decimal literals, as CPython produces them.
    private static readonly double[] PowersOfTen = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0];

    private static readonly Lazy<float[]> SignedCodes = new(() => Create(signed: true));
    private static readonly Lazy<float[]> UnsignedCodes = new(() => Create(signed: false));

    /// <summary>The signed map (first moments, Lion): 127 negative and 127 positive codes, 0 at index 127, and 1.0 (no −1).</summary>
    public static IReadOnlyList<float> Signed => SignedCodes.Value;

    /// <summary>The unsigned map (second moments): 0, 254 positive codes and 1.0.</summary>
    public static IReadOnlyList<float> Unsigned => UnsignedCodes.Value;

    /// <summary>The map of that signedness (a shared, cached table).</summary>
    public static IReadOnlyList<float> Get(bool signed) => signed ? Signed : Unsigned;

    /// <summary>
    /// The bucket boundaries of a sorted map: <c>(code[:-1] + code[1:]) / 2</c> in float32 (255 values), as the
    /// pure-PyTorch <c>quantize_blockwise</c> computes them for its nearest-code search.
    /// </summary>
    public static float[] Midpoints(IReadOnlyList<float> code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var result = new float[code.Count - 1];
        // float32 sum then halving: the same two roundings as the float32 tensor expression.
        for (var i = 0; i < result.Length; i++) result[i] = (code[i] + code[i + 1]) / 2f;
        return result;
    }

    /// <summary>Computes the map (use <see cref="Signed"/> / <see cref="Unsigned"/> for the cached tables).</summary>
    public static float[] Create(bool signed)
    {
        var data = new List<float>(256);
        using (torch.NewDisposeScope())
        {
            for (var i = 0; i < MaxExponentBits; i++)
            {
                var items = signed ? (1 << i) + 1 : (1 << (i + 1)) + 1;
                var boundaries = torch.linspace(0.1, 1, items, ScalarType.Float32);
                var means = boundaries.narrow(0, 0, items - 1).add(boundaries.narrow(0, 1, items - 1)).div(2.0);
                data.AddRange(means.mul(PowersOfTen[i]).ToArray<float>());
                if (signed) data.AddRange(means.mul(-PowersOfTen[i]).ToArray<float>());
            }
        }

        data.Add(0f);
        data.Add(1f);
        data.Sort();
        return [.. data];
    }
}
