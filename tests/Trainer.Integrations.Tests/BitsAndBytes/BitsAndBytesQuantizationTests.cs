using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.BitsAndBytes;

/// <summary>The dynamic maps against bitsandbytes' own tables, and blockwise quantisation against a scalar re-derivation.</summary>
public class BitsAndBytesQuantizationTests
{
    [TestCase(true, "dynamic_signed")]
    [TestCase(false, "dynamic_unsigned")]
    public void DynamicMap_IsBitIdenticalToBitsAndBytes(bool signed, string name)
    {
        var expected = IntegrationGolden.QuantizationMap(name);
        var actual = DynamicQuantizationMap.Create(signed).Select(v => (double)v).ToArray();
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(DynamicQuantizationMap.Get(signed), Is.EqualTo(actual.Select(v => (float)v)));
    }

    [Test]
    public void DynamicMap_Shape()
    {
        var signed = DynamicQuantizationMap.Signed;
        Assert.That(signed, Has.Count.EqualTo(256));
        Assert.That(signed[127], Is.EqualTo(0f), "signed index 127 is zero");
        Assert.That(signed[255], Is.EqualTo(1f));
        Assert.That(signed[0], Is.GreaterThan(-1f), "no -1 code");
        Assert.That(DynamicQuantizationMap.Unsigned[0], Is.EqualTo(0f));
        Assert.That(signed, Is.Ordered);
    }

    [TestCase(600, true)]
    [TestCase(600, false)]
    [TestCase(48, true)]
    [TestCase(512, false)]
    public void Quantize_MatchesScalarDerivation(int n, bool signed)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new Random(1234 + n);
        var data = Enumerable.Range(0, n).Select(i => (float)((generator.NextDouble() * 2 - (signed ? 1 : 0)) * Math.Pow(10, -generator.Next(0, 5)))).ToArray();
        data[3] = 0f;
        var values = torch.tensor(data, [n]);
        var map = DynamicQuantizationMap.Get(signed);
        var blocks = BlockwiseQuantization.BlockCount(n);
        var codes = torch.zeros(n, ScalarType.Byte);
        var absmax = torch.zeros(blocks, ScalarType.Float32);

        BlockwiseQuantization.QuantizeInto(values, map, codes, absmax);

        var (expectedCodes, expectedAbsmax) = ScalarQuantize(data, map);
        Assert.That(absmax.ToArray<float>(), Is.EqualTo(expectedAbsmax));
        Assert.That(codes.ToArray<byte>(), Is.EqualTo(expectedCodes));

        var restored = BlockwiseQuantization.Dequantize(codes, absmax, map).ToArray<float>();
        var expectedRestored = expectedCodes.Select((c, i) => map[c] * expectedAbsmax[i / 256]).ToArray();
        Assert.That(restored, Is.EqualTo(expectedRestored));
    }

    [Test]
    public void Quantize_TieAtMidpointTakesLowerCode()
    {
        using var scope = torch.NewDisposeScope();
        var map = DynamicQuantizationMap.Unsigned;
        var midpoint = (map[200] + map[201]) / 2f;
        // absmax 1 (the last element), so the scaled value is the midpoint itself.
        var values = torch.tensor(new[] { midpoint, 1f }, [2]);
        var codes = torch.zeros(2, ScalarType.Byte);
        var absmax = torch.zeros(1, ScalarType.Float32);
        BlockwiseQuantization.QuantizeInto(values, map, codes, absmax);
        Assert.That(codes.ToArray<byte>(), Is.EqualTo(new byte[] { 200, 255 }));
    }

    [Test]
    public void Quantize_RejectsMismatchedBuffers()
    {
        using var scope = torch.NewDisposeScope();
        var values = torch.zeros(300);
        Assert.Throws<ArgumentException>(() => BlockwiseQuantization.QuantizeInto(values, DynamicQuantizationMap.Signed, torch.zeros(300, ScalarType.Byte), torch.zeros(1)));
        Assert.Throws<ArgumentException>(() => BlockwiseQuantization.QuantizeInto(values, DynamicQuantizationMap.Signed, torch.zeros(300), torch.zeros(2)));
    }

    /// <summary>The pure-PyTorch quantize_blockwise, element by element in float32.</summary>
    private static (byte[] Codes, float[] Absmax) ScalarQuantize(float[] data, IReadOnlyList<float> map)
    {
        var n = data.Length;
        var blocks = (n + 255) / 256;
        var codes = new byte[n];
        var absmax = new float[blocks];
        var bounds = Enumerable.Range(0, map.Count - 1).Select(i => (map[i] + map[i + 1]) / 2f).ToArray();
        for (var b = 0; b < blocks; b++)
        {
            var start = b * 256;
            var end = Math.Min(n, start + 256);
            var max = 0f;
            for (var i = start; i < end; i++) max = Math.Max(max, Math.Abs(data[i]));
            var floored = Math.Max(max, 1e-38f);
            var isFull = end - start == 256;
            absmax[b] = isFull ? max : floored;
            var inverse = 1f / floored;
            for (var i = start; i < end; i++)
            {
                var scaled = Math.Clamp(isFull ? data[i] * inverse : data[i] / floored, -1f, 1f);
                codes[i] = (byte)bounds.Count(bound => bound < scaled);
            }
        }

        return (codes, absmax);
    }
}
