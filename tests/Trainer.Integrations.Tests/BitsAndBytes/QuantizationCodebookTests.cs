using Training.TorchExtensions;

namespace Training.Integrations.Tests.BitsAndBytes;

/// <summary>The fused kernels' nearest-code lookup on the dynamic maps against a plain count of the bounds below each value.</summary>
public class QuantizationCodebookTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void Encode_counts_the_bounds_strictly_below_every_value(bool signed)
    {
        var codebook = signed ? DynamicQuantizationMap.SignedCodebook : DynamicQuantizationMap.UnsignedCodebook;
        var bounds = DynamicQuantizationMap.Midpoints(DynamicQuantizationMap.Get(signed));
        Assert.That(codebook.Bounds, Is.EqualTo(bounds));
        var values = new List<float> { 0f, -0f, 1f, -1f, 2f, -2f, float.Epsilon, -float.Epsilon, float.NaN, float.PositiveInfinity, float.NegativeInfinity };
        // Every bound, its neighbours one ulp away, and every code.
        foreach (var b in bounds) values.AddRange([b, MathF.BitDecrement(b), MathF.BitIncrement(b)]);
        values.AddRange(DynamicQuantizationMap.Get(signed));
        // A sweep over the bit patterns of [0, 1] and [−1, 0] (every 4099th float).
        for (var bits = 0; bits <= BitConverter.SingleToInt32Bits(1f); bits += 4099)
        {
            var x = BitConverter.Int32BitsToSingle(bits);
            values.Add(x);
            values.Add(-x);
        }

        foreach (var x in values)
        {
            var expected = float.IsNaN(x) ? 0 : bounds.Count(b => b < x);
            var actual = codebook.Encode(x);
            if (actual != expected) Assert.Fail($"x = {x:R} (bits 0x{BitConverter.SingleToInt32Bits(x):X8}): code {actual}, expected {expected}");
        }

        Assert.That(codebook.MaxSpan, Is.InRange(1, 3), "the lookup buckets should hold at most a few bounds");
    }
}
