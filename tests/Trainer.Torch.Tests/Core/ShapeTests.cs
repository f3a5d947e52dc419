namespace Training.Torch.Tests.Core;

public class ShapeTests
{
    private static Tensor Counting(params long[] shape) => arange(shape.Aggregate(1L, (a, b) => a * b), ScalarType.Float32).reshape(shape);

    [Test]
    public void ViewsReshapeAndTranspose()
    {
        using var scope = NewDisposeScope();
        var x = Counting(2, 3);
        Assert.Multiple(() =>
        {
            Assert.That(x.view(3, 2).shape, Is.EqualTo(new long[] { 3, 2 }));
            Assert.That(x.view(-1).shape, Is.EqualTo(new long[] { 6 }));
            Assert.That(x.t().ToArray<float>(), Is.EqualTo(new float[] { 0, 3, 1, 4, 2, 5 }));
            Assert.That(x.t().is_contiguous(), Is.False);
            Assert.That(x.t().contiguous().is_contiguous(), Is.True);
            Assert.That(x.t().StorageAddress, Is.EqualTo(x.StorageAddress), "a transpose is a view");
            Assert.That(x.transpose(0, 1).stride(), Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(Counting(2, 3, 4).permute(2, 0, 1).shape, Is.EqualTo(new long[] { 4, 2, 3 }));
            Assert.That(Counting(2, 3, 4).flatten(1).shape, Is.EqualTo(new long[] { 2, 12 }));
            Assert.That(Counting(1, 3, 1).squeeze().shape, Is.EqualTo(new long[] { 3 }));
            Assert.That(Counting(1, 3, 1).squeeze(0).shape, Is.EqualTo(new long[] { 3, 1 }));
            Assert.That(Counting(3).unsqueeze(0).shape, Is.EqualTo(new long[] { 1, 3 }));
            Assert.That(Counting(3).unsqueeze(1).expand(3, 4).shape, Is.EqualTo(new long[] { 3, 4 }));
            Assert.That(Counting(2).repeat(3).ToArray<float>(), Is.EqualTo(new float[] { 0, 1, 0, 1, 0, 1 }));
            Assert.That(x.ndim, Is.EqualTo(2));
            Assert.That(x.numel(), Is.EqualTo(6));
            Assert.That(x.size(-1), Is.EqualTo(3));
        });
    }

    [Test]
    public void JoinsAndSplits()
    {
        using var scope = NewDisposeScope();
        var a = Counting(2, 2);
        var b = Counting(2, 2).add(10);
        var pieces = Counting(5).split(2);
        var sized = Counting(6).split(new long[] { 1, 5 });
        var chunks = Counting(6).chunk(3);
        var rows = Counting(3, 2).unbind();
        Assert.Multiple(() =>
        {
            Assert.That(cat([a, b]).shape, Is.EqualTo(new long[] { 4, 2 }));
            Assert.That(cat([a, b], 1).ToArray<float>(), Is.EqualTo(new float[] { 0, 1, 10, 11, 2, 3, 12, 13 }));
            Assert.That(stack([a, b]).shape, Is.EqualTo(new long[] { 2, 2, 2 }));
            Assert.That(pieces.Select(p => p.numel()), Is.EqualTo(new long[] { 2, 2, 1 }));
            Assert.That(sized.Select(p => p.numel()), Is.EqualTo(new long[] { 1, 5 }));
            Assert.That(chunks.Length, Is.EqualTo(3));
            Assert.That(chunks[2].ToArray<float>(), Is.EqualTo(new float[] { 4, 5 }));
            Assert.That(rows[1].ToArray<float>(), Is.EqualTo(new float[] { 2, 3 }));
        });
    }

    [Test]
    public void SelectionGatherScatterAndTriangles()
    {
        using var scope = NewDisposeScope();
        var x = Counting(3, 4);
        var index = tensor(new long[] { 2, 0 });
        var gatherIndex = tensor(new long[] { 3, 0, 1 }, [3, 1]);
        Assert.Multiple(() =>
        {
            Assert.That(x.narrow(1, 1, 2).ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 5, 6, 9, 10 }));
            Assert.That(x.select(0, 1).ToArray<float>(), Is.EqualTo(new float[] { 4, 5, 6, 7 }));
            Assert.That(x.slice(1, 0, 4, 2).ToArray<float>(), Is.EqualTo(new float[] { 0, 2, 4, 6, 8, 10 }));
            Assert.That(x.index_select(0, index).ToArray<float>(), Is.EqualTo(new float[] { 8, 9, 10, 11, 0, 1, 2, 3 }));
            Assert.That(x.gather(1, gatherIndex).ToArray<float>(), Is.EqualTo(new float[] { 3, 4, 9 }));
            Assert.That(zeros(3, 4).scatter(1, gatherIndex, ones(3, 1)).sum(1).ToArray<float>(), Is.EqualTo(new float[] { 1, 1, 1 }));
            Assert.That(zeros(3, 4).scatter(1, gatherIndex, 5).ToArray<float>()[3], Is.EqualTo(5));
            Assert.That(zeros(2, 2).scatter_add_(0, tensor(new long[] { 0, 0, 0, 0 }, [2, 2]), ones(2, 2)).ToArray<float>(),
                Is.EqualTo(new float[] { 2, 2, 0, 0 }));
            Assert.That(ones(3, 3).tril().sum().item<float>(), Is.EqualTo(6));
            Assert.That(ones(3, 3).triu(1).sum().item<float>(), Is.EqualTo(3));
            Assert.That(Counting(4).flip(0).ToArray<float>(), Is.EqualTo(new float[] { 3, 2, 1, 0 }));
            Assert.That(Counting(4).roll([1], [0]).ToArray<float>(), Is.EqualTo(new float[] { 3, 0, 1, 2 }));
        });
    }

    [Test]
    public void MatrixProductsMatchHandComputation()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = tensor(new double[] { 7, 8, 9, 10, 11, 12 }, [3, 2]);
        var expected = new double[] { 58, 64, 139, 154 };
        Assert.Multiple(() =>
        {
            Assert.That(a.matmul(b).ToArray<double>(), Is.EqualTo(expected));
            Assert.That(a.mm(b).ToArray<double>(), Is.EqualTo(expected));
            Assert.That(stack([a, a]).bmm(stack([b, b])).ToArray<double>(), Is.EqualTo(expected.Concat(expected)));
            Assert.That(tensor(new double[] { 1, 2 }).outer(tensor(new double[] { 3, 4 })).ToArray<double>(), Is.EqualTo(new double[] { 3, 4, 6, 8 }));
            Assert.That(tensor(new double[] { 1, 2 }).dot(tensor(new double[] { 3, 4 })).item<double>(), Is.EqualTo(11));
            Assert.That(addmm(ones(2, 2, ScalarType.Float64), a, b, beta: 2, alpha: 0.5).ToArray<double>(),
                Is.EqualTo(expected.Select(v => 2 + 0.5 * v)));
        });
    }

    [Test]
    public void SvdAndQrReconstructTheirInput()
    {
        using var scope = NewDisposeScope();
        var a = randn(new long[] { 6, 4 }, ScalarType.Float64, generator: new Generator(3));
        var (u, s, vh) = linalg.svd(a, full_matrices: false);
        var (q, r) = linalg.qr(a);
        Assert.Multiple(() =>
        {
            Assert.That(u.shape, Is.EqualTo(new long[] { 6, 4 }));
            Assert.That(vh.shape, Is.EqualTo(new long[] { 4, 4 }));
            Assert.That(u.mul(s).matmul(vh).allclose(a, atol: 1e-10), Is.True);
            Assert.That(s.ToArray<double>(), Is.Ordered.Descending);
            Assert.That(q.matmul(r).allclose(a, atol: 1e-10), Is.True);
            Assert.That(q.t().matmul(q).allclose(eye(4, dtype: ScalarType.Float64), atol: 1e-10), Is.True);
            Assert.That(r.tril(-1).abs().max().item<double>(), Is.EqualTo(0));
        });
        Assert.Throws<ArgumentException>(() => linalg.qr(a, "bogus"));
    }
}
