namespace Training.TorchExtensions.Tests.Memory;

/// <summary>The small helpers that replace TorchSharp traps: torch.equal, typed element reads, dtype views.</summary>
public class TensorHelpersTests
{
    [Test]
    public void ValuesEqualIsPyTorchsEqual()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3 });
        Assert.Multiple(() =>
        {
            Assert.That(a.ValuesEqual(tensor(new float[] { 1, 2, 3 })), Is.True);
            Assert.That(a.ValuesEqual(tensor(new float[] { 1, 2, 4 })), Is.False, "one element differs");
            Assert.That(a.ValuesEqual(tensor(new double[] { 1, 2, 3 })), Is.False, "another dtype");
            Assert.That(a.ValuesEqual(a.reshape(3, 1)), Is.False, "another shape");
            var nan = tensor(new float[] { float.NaN });
            Assert.That(nan.ValuesEqual(nan), Is.False, "NaN equals nothing, as in torch.equal");
        });
    }

    [Test]
    public void ToArrayConvertsAnyDtypeAndLayout()
    {
        using var scope = NewDisposeScope();
        var matrix = arange(Scalars.Keep(6), dtype: ScalarType.Float32).reshape(2, 3);
        Assert.Multiple(() =>
        {
            Assert.That(matrix.t().ToArray<float>(), Is.EqualTo(new float[] { 0, 3, 1, 4, 2, 5 }), "a transposed view in row-major order");
            Assert.That(matrix.ToArray<double>(), Is.EqualTo(new double[] { 0, 1, 2, 3, 4, 5 }), "float32 read as double");
            Assert.That(tensor(new long[] { 7, -1 }).ToArray<int>(), Is.EqualTo(new[] { 7, -1 }));
            Assert.That(empty(0, 3).ToArray<float>(), Is.Empty, "empty rank-2 tensors (TorchSharp's accessor throws on them)");
        });
    }

    [Test]
    public void ReinterpretAsKeepsTheBits()
    {
        using var scope = NewDisposeScope();
        var values = tensor(new float[] { 1.0f, -2.5f, float.Epsilon });
        var bits = values.ReinterpretAs(ScalarType.Int32);
        Assert.Multiple(() =>
        {
            Assert.That(bits.ToArray<int>(), Is.EqualTo(new[] { BitConverter.SingleToInt32Bits(1.0f), BitConverter.SingleToInt32Bits(-2.5f), 1 }));
            Assert.That(bits.ReinterpretAs(ScalarType.Float32).ValuesEqual(values), Is.True, "round trip");
            Assert.That(values.t().ReinterpretAs(ScalarType.Int32).shape, Is.EqualTo(values.shape));
            Assert.Throws<ArgumentException>(() => values.ReinterpretAs(ScalarType.Int64), "element sizes must match");
        });
    }
}
