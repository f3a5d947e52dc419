namespace Training.Torch.Tests.Core;

public class ReductionTests
{
    // 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] and its reductions computed by hand.
    private static Tensor Matrix() => tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);

    [Test]
    public void SumMeanProdOverAllAndAlongDimensions()
    {
        using var scope = NewDisposeScope();
        var m = Matrix();
        Assert.Multiple(() =>
        {
            Assert.That(m.sum().item<double>(), Is.EqualTo(21));
            Assert.That(m.sum(0).ToArray<double>(), Is.EqualTo(new double[] { 5, 7, 9 }));
            Assert.That(m.sum(1, keepdim: true).shape, Is.EqualTo(new long[] { 2, 1 }));
            Assert.That(m.sum(new long[] { 0, 1 }).item<double>(), Is.EqualTo(21));
            Assert.That(m.mean().item<double>(), Is.EqualTo(3.5));
            Assert.That(m.mean(1).ToArray<double>(), Is.EqualTo(new double[] { 2, 5 }));
            Assert.That(m.prod().item<double>(), Is.EqualTo(720));
            Assert.That(m.prod(1).ToArray<double>(), Is.EqualTo(new double[] { 6, 120 }));
            Assert.That(arange(4).sum(type: ScalarType.Float64).dtype, Is.EqualTo(ScalarType.Float64));
            Assert.That(tensor(new[] { 1.0, double.NaN, 2.0 }).nansum().item<double>(), Is.EqualTo(3));
        });
    }

    [Test]
    public void ExtremesAndArgExtremes()
    {
        using var scope = NewDisposeScope();
        var m = tensor(new double[] { 3, 9, 1, 7, 2, 8 }, [2, 3]);
        var (values, indexes) = m.max(1);
        var (minValues, minIndexes) = m.min(0);
        Assert.Multiple(() =>
        {
            Assert.That(m.max().item<double>(), Is.EqualTo(9));
            Assert.That(m.min().item<double>(), Is.EqualTo(1));
            Assert.That(values.ToArray<double>(), Is.EqualTo(new double[] { 9, 8 }));
            Assert.That(indexes.ToArray<long>(), Is.EqualTo(new long[] { 1, 2 }));
            Assert.That(minValues.ToArray<double>(), Is.EqualTo(new double[] { 3, 2, 1 }));
            Assert.That(minIndexes.ToArray<long>(), Is.EqualTo(new long[] { 0, 1, 0 }));
            Assert.That(m.argmax().item<long>(), Is.EqualTo(1));
            Assert.That(m.argmin(1).ToArray<long>(), Is.EqualTo(new long[] { 2, 1 }));
            Assert.That(m.amax(0).ToArray<double>(), Is.EqualTo(new double[] { 7, 9, 8 }));
            Assert.That(m.amin(new long[] { 1 }, keepdim: true).shape, Is.EqualTo(new long[] { 2, 1 }));
        });
    }

    [Test]
    public void NormVarianceAndStandardDeviation()
    {
        using var scope = NewDisposeScope();
        var v = tensor(new double[] { 3, -4, 12 });
        var data = new double[] { 2, 4, 4, 4, 5, 5, 7, 9 };
        var mean = data.Average();
        var unbiased = data.Sum(x => (x - mean) * (x - mean)) / (data.Length - 1);
        var biased = data.Sum(x => (x - mean) * (x - mean)) / data.Length;
        var d = tensor(data);
        Assert.Multiple(() =>
        {
            Assert.That(v.norm().item<double>(), Is.EqualTo(13).Within(1e-12));
            Assert.That(v.norm(1.0).item<double>(), Is.EqualTo(19).Within(1e-12));
            Assert.That(v.norm(double.PositiveInfinity).item<double>(), Is.EqualTo(12).Within(1e-12));
            Assert.That(Matrix().norm(1, p: 2).ToArray<double>(), Is.EqualTo(new[] { Math.Sqrt(14), Math.Sqrt(77) }).Within(1e-12));
            Assert.That(linalg.vector_norm(v, 2).item<double>(), Is.EqualTo(13).Within(1e-12));
            Assert.That(d.var().item<double>(), Is.EqualTo(unbiased).Within(1e-12));
            Assert.That(d.var(unbiased: false).item<double>(), Is.EqualTo(biased).Within(1e-12));
            Assert.That(d.std().item<double>(), Is.EqualTo(Math.Sqrt(unbiased)).Within(1e-12));
            Assert.That(Matrix().var(1).ToArray<double>(), Is.EqualTo(new double[] { 1, 1 }).Within(1e-12));
        });
    }

    [Test]
    public void LogicalReductionsCumulativeAndSorting()
    {
        using var scope = NewDisposeScope();
        var v = tensor(new double[] { 3, 1, 2 });
        var (sorted, order) = v.sort(descending: true);
        var (top, topIndex) = v.topk(2);
        Assert.Multiple(() =>
        {
            Assert.That(v.gt(0).all().item<bool>(), Is.True);
            Assert.That(v.gt(2).any().item<bool>(), Is.True);
            Assert.That(v.gt(5).any().item<bool>(), Is.False);
            Assert.That(v.cumsum(0).ToArray<double>(), Is.EqualTo(new double[] { 3, 4, 6 }));
            Assert.That(v.cumprod(0).ToArray<double>(), Is.EqualTo(new double[] { 3, 3, 6 }));
            Assert.That(sorted.ToArray<double>(), Is.EqualTo(new double[] { 3, 2, 1 }));
            Assert.That(order.ToArray<long>(), Is.EqualTo(new long[] { 0, 2, 1 }));
            Assert.That(top.ToArray<double>(), Is.EqualTo(new double[] { 3, 2 }));
            Assert.That(topIndex.ToArray<long>(), Is.EqualTo(new long[] { 0, 2 }));
            Assert.That(v.logsumexp().item<double>(), Is.EqualTo(Math.Log(Math.Exp(3) + Math.Exp(1) + Math.Exp(2))).Within(1e-12));
        });
    }
}
