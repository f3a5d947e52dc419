namespace Training.Torch.Tests.Nn;

public class ClipGradTests
{
    [Test]
    public void ClipGradNorm_ReturnsTheTotalNorm_AndScalesGradientsToMaxNorm()
    {
        using var scope = NewDisposeScope();
        using var a = nn.Parameter(zeros(3, dtype: ScalarType.Float64));
        using var b = nn.Parameter(zeros(2, 2, dtype: ScalarType.Float64));
        using var unused = nn.Parameter(zeros(1, dtype: ScalarType.Float64));
        double[] ga = [3, -4, 1];
        double[] gb = [2, 0, -1, 5];
        a.grad = tensor(ga);
        b.grad = tensor(gb, new long[] { 2, 2 });
        var norm = Math.Sqrt(ga.Concat(gb).Sum(v => v * v));

        var total = nn.utils.clip_grad_norm_([a, b, unused], max_norm: 2.0);

        Assert.That(total, Is.EqualTo(norm).Within(1e-12));
        var coefficient = 2.0 / (norm + 1e-6);
        Assert.That(a.grad!.ToArray<double>(), Is.EqualTo(ga.Select(v => v * coefficient)).Within(1e-12));
        Assert.That(b.grad!.ToArray<double>(), Is.EqualTo(gb.Select(v => v * coefficient)).Within(1e-12));
        Assert.That(unused.grad, Is.Null);
    }

    [Test]
    public void ClipGradNorm_LeavesSmallGradients_AndSupportsTheInfinityNorm()
    {
        using var scope = NewDisposeScope();
        using var p = nn.Parameter(zeros(3, dtype: ScalarType.Float64));
        p.grad = tensor(new double[] { 0.1, -0.7, 0.2 });

        Assert.That(nn.utils.clip_grad_norm_([p], 10.0), Is.EqualTo(Math.Sqrt(0.01 + 0.49 + 0.04)).Within(1e-12));
        Assert.That(p.grad!.ToArray<double>(), Is.EqualTo(new[] { 0.1, -0.7, 0.2 }).Within(1e-15));

        Assert.That(nn.utils.clip_grad_norm_([p], 0.35, double.PositiveInfinity), Is.EqualTo(0.7).Within(1e-12));
        Assert.That(p.grad!.ToArray<double>(), Is.EqualTo(new[] { 0.05, -0.35, 0.1 }).Within(1e-6));
    }

    [Test]
    public void ClipGradNorm_CanRejectNonFiniteNorms()
    {
        using var scope = NewDisposeScope();
        using var p = nn.Parameter(zeros(2));
        p.grad = tensor(new float[] { float.NaN, 1 });
        Assert.Throws<TorchException>(() => nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite: true));
    }

    [Test]
    public void ClipGradValue_ClampsEveryElement()
    {
        using var scope = NewDisposeScope();
        using var p = nn.Parameter(zeros(4));
        p.grad = tensor(new float[] { -3, 0.5f, 2, -0.2f });
        nn.utils.clip_grad_value_([p], 1.0);
        Assert.That(p.grad!.ToArray<float>(), Is.EqualTo(new[] { -1, 0.5f, 1, -0.2f }));
    }
}
