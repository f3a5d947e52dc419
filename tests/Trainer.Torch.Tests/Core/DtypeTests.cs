namespace Training.Torch.Tests.Core;

public class DtypeTests
{
    public static IEnumerable<TestCaseData> Types() =>
        new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.BFloat16, ScalarType.Float16, ScalarType.Int8,
                ScalarType.Byte, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64, ScalarType.Bool }
            .Select(t => new TestCaseData(t).SetName($"Dtype_{t}"));

    [TestCaseSource(nameof(Types))]
    public void ConversionKeepsRepresentableValues(ScalarType type)
    {
        using var scope = NewDisposeScope();
        var values = type == ScalarType.Bool ? new double[] { 0, 1, 1, 0 } : new double[] { 0, 1, 2, 100 };
        var converted = tensor(values).to(type);
        Assert.That(converted.dtype, Is.EqualTo(type));
        Assert.That(converted.element_size(), Is.EqualTo(type.ElementSize()));
        Assert.That(converted.to(ScalarType.Float64).ToArray<double>(), Is.EqualTo(values));
    }

    [Test]
    public void ReducedPrecisionRoundsLikePyTorch()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1.00390625f, 3.14159265f });
        // bfloat16 keeps 8 significant bits: 1.00390625 (1 + 2^-8) is a tie and rounds to even (1.0).
        Assert.That(x.bfloat16().ToArray<BFloat16>().Select(v => v.ToSingle()), Is.EqualTo(new[] { 1.0f, 3.140625f }));
        Assert.That(BFloat16.FromSingle(3.14159265f).ToSingle(), Is.EqualTo(3.140625f), "the managed conversion agrees");
        Assert.That(x.half().ToArray<Half>().Select(v => (float)v), Is.EqualTo(new[] { 1.00390625f, 3.140625f }));
        Assert.That(tensor(new double[] { 300, -1 }).to(ScalarType.Byte).ToArray<byte>(), Is.EqualTo(new byte[] { 44, 255 }), "wraps like C");
    }

    [Test]
    public void ManagedArraysOfEveryShapeBecomeTensors()
    {
        using var scope = NewDisposeScope();
        var matrix = from_array(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Multiple(() =>
        {
            Assert.That(matrix.shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(matrix[1, 0].item<float>(), Is.EqualTo(4));
            Assert.That(from_array(new long[,,] { { { 1 }, { 2 } } }).shape, Is.EqualTo(new long[] { 1, 2, 1 }));
            Assert.That(tensor(3.5).ndim, Is.EqualTo(0));
            Assert.That(tensor(new[] { true, false }).dtype, Is.EqualTo(ScalarType.Bool));
            Assert.That(tensor(new[] { 1, 2 }, dtype: ScalarType.Float64).ToArray<double>(), Is.EqualTo(new double[] { 1, 2 }));
            Assert.That(tensor(new float[] { 1, 2 }, requires_grad: true).requires_grad, Is.True);
            Assert.That(full(new long[] { 2 }, 7L).dtype, Is.EqualTo(ScalarType.Int64));
            Assert.That(linspace(0, 1, 5).ToArray<float>(), Is.EqualTo(new float[] { 0, 0.25f, 0.5f, 0.75f, 1 }));
            Assert.That(arange(1, 2, 0.25, ScalarType.Float64).ToArray<double>(), Is.EqualTo(new double[] { 1, 1.25, 1.5, 1.75 }));
            Assert.That(eye(2).ToArray<float>(), Is.EqualTo(new float[] { 1, 0, 0, 1 }));
        });
    }

    [Test]
    public void RawBytesRoundTrip()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1.5f, -2, 3 });
        var bytes = x.ToBytes();
        var y = empty(3).CopyBytesFrom(bytes);
        Assert.That(y.ToArray<float>(), Is.EqualTo(x.ToArray<float>()));
        Assert.Throws<TorchException>(() => empty(4).CopyBytesFrom(bytes));
        var transposed = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]).t();
        Assert.That(transposed.ToArray<float>(), Is.EqualTo(new float[] { 1, 3, 2, 4 }), "reads follow the logical order");
    }
}
