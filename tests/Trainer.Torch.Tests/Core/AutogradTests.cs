namespace Training.Torch.Tests.Core;

public class AutogradTests
{
    [Test]
    public void BackwardAccumulatesAnalyticGradients()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        // d/dx sum(x^3 + 2x) = 3x^2 + 2
        x.pow(3).add(x.mul(2)).sum().backward();
        Assert.That(x.grad!.ToArray<double>(), Is.EqualTo(new double[] { 5, 14, 29 }));
        x.pow(2).sum().backward();
        Assert.That(x.grad!.ToArray<double>(), Is.EqualTo(new double[] { 7, 18, 35 }), "gradients accumulate");
        x.grad = null;
        Assert.That(x.grad, Is.Null);
    }

    [Test]
    public void NonScalarBackwardTakesAnOutputGradient()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        x.mul(3).backward(tensor(new double[] { 1, 10 }));
        Assert.That(x.grad!.ToArray<double>(), Is.EqualTo(new double[] { 3, 30 }));
    }

    [Test]
    public void RetainGraphAllowsASecondBackward()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 2 }, requires_grad: true);
        var y = x.exp().sum();
        y.backward(retain_graph: true);
        y.backward();
        Assert.That(x.grad!.item<double>(), Is.EqualTo(2 * Math.Exp(2)).Within(1e-12));
        var z = x.exp().sum();
        z.backward();
        Assert.Throws<TorchException>(() => z.backward(), "the graph was freed");
    }

    [Test]
    public void LeavesDetachAndRetainGrad()
    {
        using var scope = NewDisposeScope();
        var x = ones(2, requires_grad: true);
        var h = x.mul(2);
        h.retain_grad();
        h.sum().backward();
        Assert.Multiple(() =>
        {
            Assert.That(x.is_leaf, Is.True);
            Assert.That(h.is_leaf, Is.False);
            Assert.That(h.grad!.ToArray<float>(), Is.EqualTo(new float[] { 1, 1 }));
            Assert.That(h.detach().requires_grad, Is.False);
            Assert.That(h.detach().StorageAddress, Is.EqualTo(h.StorageAddress));
        });
    }

    [Test]
    public void AutogradGradReturnsGradientsWithoutAccumulating()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var unused = tensor(new double[] { 5 }, requires_grad: true);
        var grads = autograd.grad([x.pow(2).sum()], [x, unused], allow_unused: true);
        Assert.That(grads[0]!.ToArray<double>(), Is.EqualTo(new double[] { 2, 4 }));
        Assert.That(grads[1], Is.Null);
        Assert.That(x.grad, Is.Null);
    }

    [Test]
    public void GradModesControlRecording()
    {
        using var scope = NewDisposeScope();
        var x = ones(2, requires_grad: true);
        Assert.That(is_grad_enabled(), Is.True);
        using (no_grad())
        {
            Assert.That(is_grad_enabled(), Is.False);
            Assert.That(x.mul(2).requires_grad, Is.False);
            using (enable_grad()) Assert.That(x.mul(2).requires_grad, Is.True);
        }

        Assert.That(is_grad_enabled(), Is.True);
        using (inference_mode())
        {
            Assert.That(is_inference_mode_enabled(), Is.True);
            Assert.That(x.mul(2).requires_grad, Is.False);
        }

        Assert.That(is_inference_mode_enabled(), Is.False);
    }

    [Test]
    public void HooksObserveAndReplaceGradients()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        double[]? seen = null;
        using (x.register_hook(g => { seen = g.ToArray<double>(); }))
        using (x.register_hook(g => g.mul(10)))
        {
            x.mul(3).sum().backward();
        }

        Assert.That(seen, Is.EqualTo(new double[] { 3, 3 }));
        Assert.That(x.grad!.ToArray<double>(), Is.EqualTo(new double[] { 30, 30 }));

        x.grad = null;
        x.mul(3).sum().backward();
        Assert.That(x.grad!.ToArray<double>(), Is.EqualTo(new double[] { 3, 3 }), "removed hooks no longer run");
    }

    [Test]
    public void AThrowingHookFailsBackwardWithTheManagedExceptionInside()
    {
        using var scope = NewDisposeScope();
        var x = ones(2, requires_grad: true);
        using var hook = x.register_hook(_ => throw new InvalidOperationException("boom in hook"));
        var e = Assert.Throws<TorchException>(() => x.sum().backward());
        Assert.That(e!.Message, Does.Contain("boom in hook"));
        Assert.That(e.InnerException, Is.TypeOf<InvalidOperationException>());
    }

    [Test]
    public void HooksNeedATensorThatRequiresGrad()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => ones(2).register_hook(g => g));
        Assert.That(e!.Message, Does.Contain("doesn't require grad"));
    }
}
