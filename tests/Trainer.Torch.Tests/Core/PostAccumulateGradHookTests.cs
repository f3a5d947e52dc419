namespace Training.Torch.Tests.Core;

/// <summary>Post-accumulate-grad hooks: called once per backward with the complete gradient already in .grad.</summary>
public class PostAccumulateGradHookTests
{
    [Test]
    public void HookSeesTheAccumulatedGradientOfAParameterUsedTwice()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.tensor(new float[] { 1, 2, 3 }).requires_grad_();
        var seen = new List<double[]>();
        using var handle = w.register_post_accumulate_grad_hook(p => seen.Add(p.grad!.to(ScalarType.Float64).ToArray<double>()));

        // w is used by two branches: d/dw (2·Σw + Σw²) = 2 + 2w, delivered as one accumulated gradient.
        w.mul(2).sum().add(w.square().sum()).backward();

        Assert.That(seen, Has.Count.EqualTo(1));
        Assert.That(seen[0], Is.EqualTo(new double[] { 4, 6, 8 }));
    }

    [Test]
    public void HookSurvivesAcrossGraphsAndCanClearTheGradient()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.ones(3).requires_grad_();
        var calls = 0;
        using var handle = w.register_post_accumulate_grad_hook(p =>
        {
            calls++;
            p.grad = null; // what a layer-wise optimizer does after stepping
        });

        for (var i = 0; i < 3; i++)
        {
            using var inner = torch.NewDisposeScope();
            w.mul(i + 1).sum().backward();
        }

        Assert.That(calls, Is.EqualTo(3), "the hook must stay registered although every graph is freed");
        Assert.That(w.grad, Is.Null);
    }

    [Test]
    public void RemovedHookIsNotCalledAndAThrowingHookFailsBackward()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.ones(2).requires_grad_();
        var calls = 0;
        var handle = w.register_post_accumulate_grad_hook(_ => calls++);
        handle.remove();
        handle.remove();
        w.sum().backward();
        Assert.That(calls, Is.Zero);

        using var throwing = w.register_post_accumulate_grad_hook(_ => throw new InvalidOperationException("boom"));
        var error = Assert.Catch(() => w.sum().backward());
        Assert.That(error!.ToString(), Does.Contain("boom"));
    }

    [Test]
    public void NonLeafIsRejected()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.ones(2).requires_grad_();
        var y = w.mul(2);
        Assert.Throws<TorchException>(() => y.register_post_accumulate_grad_hook(_ => { }));
    }
}
