using TorchSharp.Modules;

namespace Training.TorchExtensions.Tests.Gradients;

/// <summary>Our clipping over plain tensors agrees with TorchSharp's (libtorch's) clip_grad_norm_ over Parameters.</summary>
public class GradientClippingTests
{
    private static List<Parameter> WithGradients(int seed, double scale)
    {
        using var generator = new Generator((ulong)seed);
        var parameters = new List<Parameter>();
        foreach (var shape in new[] { new long[] { 4, 3 }, new long[] { 3 }, new long[] { 2, 2, 2 } })
        {
            var p = new Parameter(randn(shape, generator: generator));
            p.grad = randn(shape, generator: generator).mul_(Scalars.Keep(scale));
            parameters.Add(p);
        }

        return parameters;
    }

    [TestCase(2.0, 0.5, 10.0)]
    [TestCase(2.0, 100.0, 1.0)]
    [TestCase(1.0, 0.5, 10.0)]
    [TestCase(double.PositiveInfinity, 0.5, 10.0)]
    public void NormAndScaledGradientsEqualLibtorchs(double normType, double maxNorm, double scale)
    {
        using var scope = NewDisposeScope();
        var ours = WithGradients(3, scale);
        var theirs = WithGradients(3, scale);
        var ourNorm = GradientClipping.ClipGradNorm(ours, maxNorm, normType);
        var theirNorm = nn.utils.clip_grad_norm_(theirs, maxNorm, normType);
        Assert.That(ourNorm, Is.EqualTo(theirNorm).Within(1e-5 * theirNorm), "total norm before clipping");
        foreach (var (a, b) in ours.Zip(theirs))
            Assert.That(a.grad!.allclose(b.grad!, rtol: 1e-6, atol: 1e-7), Is.True, "clipped gradient");
        Assert.That(ours[0].grad!.ValuesEqual(WithGradients(3, scale)[0].grad!), Is.EqualTo(ourNorm <= maxNorm), "clipping happens only above the limit");
    }

    [Test]
    public void PlainTensorsWithoutGradientsAreSkipped()
    {
        using var scope = NewDisposeScope();
        var leaf = ones(3, requires_grad: true);
        leaf.mul(Scalars.Keep(4)).sum().backward();
        var untouched = ones(2, requires_grad: true);
        var norm = GradientClipping.ClipGradNorm([leaf, untouched], 1.0);
        Assert.Multiple(() =>
        {
            Assert.That(norm, Is.EqualTo(Math.Sqrt(48)).Within(1e-5));
            Assert.That(leaf.grad!.norm().ReadDouble(), Is.EqualTo(1.0).Within(1e-5));
            Assert.That(untouched.grad, Is.Null);
            Assert.That(GradientClipping.ClipGradNorm([untouched], 1.0), Is.EqualTo(0.0));
        });
    }

    [Test]
    public void ClipGradValueClampsEveryElement()
    {
        using var scope = NewDisposeScope();
        var leaf = tensor(new float[] { -3, 0.5f, 2 }, requires_grad: true);
        leaf.mul(leaf).sum().backward();
        GradientClipping.ClipGradValue([leaf], 1.0);
        Assert.That(leaf.grad!.ToArray<float>(), Is.EqualTo(new float[] { -1, 1, 1 }));
    }
}
