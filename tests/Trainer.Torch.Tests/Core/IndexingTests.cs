namespace Training.Torch.Tests.Core;

public class IndexingTests
{
    private static Tensor Grid() => arange(12, ScalarType.Float32).reshape(3, 4);

    [Test]
    public void IntegersRangesEllipsisAndNewAxes()
    {
        using var scope = NewDisposeScope();
        var g = Grid();
        Assert.Multiple(() =>
        {
            Assert.That(g[1].ToArray<float>(), Is.EqualTo(new float[] { 4, 5, 6, 7 }));
            Assert.That(g[1, 2].item<float>(), Is.EqualTo(6));
            Assert.That(g[-1].ToArray<float>(), Is.EqualTo(new float[] { 8, 9, 10, 11 }));
            Assert.That(g[.., 0].ToArray<float>(), Is.EqualTo(new float[] { 0, 4, 8 }));
            Assert.That(g[1.., 1..3].ToArray<float>(), Is.EqualTo(new float[] { 5, 6, 9, 10 }));
            Assert.That(g[.., ..^1].shape, Is.EqualTo(new long[] { 3, 3 }));
            Assert.That(g[TensorIndex.Ellipsis, 3].ToArray<float>(), Is.EqualTo(new float[] { 3, 7, 11 }));
            Assert.That(g[TensorIndex.None, TensorIndex.Colon].shape, Is.EqualTo(new long[] { 1, 3, 4 }));
            Assert.That(g[TensorIndex.Slice(null, null, 2)].shape, Is.EqualTo(new long[] { 2, 4 }));
        });
    }

    [Test]
    public void TensorAndMaskIndexing()
    {
        using var scope = NewDisposeScope();
        var g = Grid();
        Assert.Multiple(() =>
        {
            Assert.That(g[tensor(new long[] { 2, 0 })].shape, Is.EqualTo(new long[] { 2, 4 }));
            Assert.That(g[g.gt(9)].ToArray<float>(), Is.EqualTo(new float[] { 10, 11 }));
        });
    }

    [Test]
    public void AssignmentWritesThroughIndices()
    {
        using var scope = NewDisposeScope();
        var g = Grid();
        g[0] = zeros(4);
        g[.., 3] = full(new long[] { 3 }, 7f);
        g.index_put_(-1, 2, 2);
        Assert.That(g.ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 0, 7, 4, 5, 6, 7, 8, 9, -1, 7 }));
    }

    [Test]
    public void OutOfRangeIndexIsATypedError()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => Grid()[5].Dispose());
        Assert.That(e!.Kind, Is.EqualTo(TorchErrorKind.Index));
        Assert.That(e.Message, Does.Contain("out of bounds").Or.Contain("out of range"));
    }
}
