namespace Training.Integrations.Tests.FlashOptim;

/// <summary>
/// The ECC master-weight encoding against a scalar double-precision reference written here (no golden exists: the
/// upstream code is a CUDA/Triton kernel).
/// </summary>
public class MasterWeightCorrectionTests
{
    // bf16 values with a non-zero mantissa (a power of two has a smaller ULP below it, so "half an ULP either side"
    // would not round back to it) and random error codes strictly inside the half-ULP.
    private static (float[] Narrow, int[] Codes) Sample(int count, int maxCode, int seed)
    {
        var random = new Random(seed);
        var narrow = new float[count];
        var codes = new int[count];
        for (var i = 0; i < count; i++)
        {
            var mantissa = random.Next(1, 128);
            var exponent = random.Next(-40, 40);
            var value = (float)((1 + mantissa / 128.0) * Math.Pow(2, exponent) * (random.Next(2) == 0 ? 1 : -1));
            narrow[i] = value;
            codes[i] = random.Next(-(maxCode - 1), maxCode);
        }

        return (narrow, codes);
    }

    private static double HalfUlp(float bf16Value)
    {
        var exponent = Math.Max(Math.ILogB(Math.Abs((double)bf16Value)), -126);
        return Math.Pow(2, exponent - 7 - 1);
    }

    [TestCase(ScalarType.Int8, 127)]
    [TestCase(ScalarType.Int16, 32767)]
    public void Reconstruct_matches_a_double_precision_reference(ScalarType errorType, int maxCode)
    {
        using var scope = torch.NewDisposeScope();
        var (narrowValues, codes) = Sample(2000, maxCode, 7);
        var narrow = torch.tensor(narrowValues).to(ScalarType.BFloat16);
        var errorBits = torch.tensor(codes).to(errorType);
        var actual = MasterWeightCorrection.Reconstruct(narrow, errorBits).to(ScalarType.Float64).ToArray<double>();
        for (var i = 0; i < codes.Length; i++)
        {
            var expected = narrowValues[i] + (double)codes[i] / maxCode * HalfUlp(narrowValues[i]);
            var tolerance = Math.Pow(2, Math.ILogB(Math.Abs(expected)) - 23); // one float32 ulp
            Assert.That(actual[i], Is.EqualTo(expected).Within(tolerance), $"element {i}: p={narrowValues[i]}, ecc={codes[i]}");
        }
    }

    [TestCase(ScalarType.Int8, 127)]
    [TestCase(ScalarType.Int16, 32767)]
    public void Encode_matches_a_double_precision_reference(ScalarType errorType, int maxCode)
    {
        using var scope = torch.NewDisposeScope();
        var random = new Random(11);
        var masters = Enumerable.Range(0, 2000).Select(_ => (float)((random.NextDouble() * 2 - 1) * Math.Pow(2, random.Next(-30, 30)))).ToArray();
        var master = torch.tensor(masters);
        var narrow = master.to(ScalarType.BFloat16);
        var narrowValues = narrow.to(ScalarType.Float32).ToArray<float>();
        var actual = MasterWeightCorrection.Encode(master, narrow, errorType).to(ScalarType.Int64).ToArray<long>();
        for (var i = 0; i < masters.Length; i++)
        {
            // e and e / 2^(log_ulp − 1) are exact; upstream multiplies by MAXV in float32, so round that product to
            // float32 before rounding half away from zero.
            var normalized = Math.Clamp((masters[i] - (double)narrowValues[i]) / HalfUlp(narrowValues[i]), -1, 1);
            var scaled = (double)(float)(normalized * maxCode);
            var expected = (long)Math.Round(scaled, MidpointRounding.AwayFromZero);
            Assert.That(actual[i], Is.EqualTo(expected), $"element {i}: x={masters[i]}, p={narrowValues[i]}");
        }
    }

    [TestCase(ScalarType.Int8, 127)]
    [TestCase(ScalarType.Int16, 32767)]
    public void Representable_values_round_trip_exactly(ScalarType errorType, int maxCode)
    {
        using var scope = torch.NewDisposeScope();
        var (narrowValues, codes) = Sample(2000, maxCode, 3);
        var narrow = torch.tensor(narrowValues).to(ScalarType.BFloat16);
        var errorBits = torch.tensor(codes).to(errorType);
        var master = MasterWeightCorrection.Reconstruct(narrow, errorBits);
        Assert.That(master.to(ScalarType.BFloat16).ValuesEqual(narrow), Is.True, "the master rounds back to its narrow value");
        var encoded = MasterWeightCorrection.Encode(master, narrow, errorType);
        Assert.That(encoded.ValuesEqual(errorBits), Is.True, "encode(reconstruct(p, ecc)) == ecc");
        Assert.That(MasterWeightCorrection.Reconstruct(narrow, encoded).ValuesEqual(master), Is.True, "reconstruct is exact");
    }

    [Test]
    public void Zero_and_subnormal_narrow_values_use_the_smallest_normal_exponent()
    {
        using var scope = torch.NewDisposeScope();
        var narrow = torch.tensor(new[] { 0f, (float)Math.Pow(2, -130), 1f }).to(ScalarType.BFloat16);
        var logHalfUlp = MasterWeightCorrection.LogHalfUlp(narrow).to(ScalarType.Int64).ToArray<long>();
        Assert.That(logHalfUlp, Is.EqualTo(new long[] { -126 - 7 - 1, -126 - 7 - 1, 0 - 7 - 1 }));
    }
}
