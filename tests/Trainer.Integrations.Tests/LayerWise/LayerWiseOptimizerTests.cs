using Training.TorchExtensions;

namespace Training.Integrations.Tests.LayerWise;

/// <summary>One optimizer per parameter, stepped inside backward: the same trajectory as one optimizer over all.</summary>
[NonParallelizable]
public class LayerWiseOptimizerTests
{
    private sealed class Problem : IDisposable
    {
        public Problem()
        {
            using var generator = new Generator(7);
            W = torch.randn(new long[] { 5, 4 }, generator: generator).requires_grad_().DetachFromDisposeScope();
            B = torch.randn(new long[] { 4 }, generator: generator).requires_grad_().DetachFromDisposeScope();
            X = torch.randn(new long[] { 16, 5 }, generator: generator).DetachFromDisposeScope();
            Y = torch.randn(new long[] { 16, 4 }, generator: generator).DetachFromDisposeScope();
        }

        public Tensor W { get; }
        public Tensor B { get; }
        public Tensor X { get; }
        public Tensor Y { get; }

        public IReadOnlyList<ParamGroup> Groups() =>
        [
            new ParamGroup([W], new Dictionary<string, object?> { ["weight_decay"] = 0.1 }),
            new ParamGroup([B], new Dictionary<string, object?> { ["weight_decay"] = 0.0, ["lr"] = 0.005 }),
        ];

        // Through the optimizer's FusedBackward (which steps it), or a plain backward without one.
        public void Backward(IFusedBackwardOptimizer? optimizer)
        {
            using var scope = torch.NewDisposeScope();
            var loss = X.matmul(W).add(B).sub(Y).square().mean();
            if (optimizer is null) loss.backward();
            else optimizer.FusedBackward(loss, 0.01);
        }

        public void Dispose()
        {
            foreach (var t in new[] { W, B, X, Y }) t.Dispose();
        }
    }

    private static readonly AdamWOptions Options = new() { LearningRate = 0.01 };

    [Test]
    public void StepsInsideBackwardExactlyLikeOneOptimizerOverAllParameters()
    {
        using var layerWise = new Problem();
        using var whole = new Problem();
        using var perParameter = new LayerWiseOptimizer(null, layerWise.Groups(), g => new AdamW([g], Options));
        using var reference = new AdamW(whole.Groups(), Options);
        for (var step = 0; step < 5; step++)
        {
            layerWise.Backward(perParameter);
            Assert.That(layerWise.W.grad, Is.Null, "the callback consumed the gradient");
            perParameter.Step();
            perParameter.ZeroGrad();

            whole.Backward(null);
            reference.Step();
            reference.ZeroGrad();
        }

        Assert.Multiple(() =>
        {
            Assert.That(layerWise.W.ValuesEqual(whole.W), Is.True);
            Assert.That(layerWise.B.ValuesEqual(whole.B), Is.True);
            Assert.That(perParameter.GetState(layerWise.W)!.Step, Is.EqualTo(5));
            Assert.That(perParameter.StateBytes(), Is.EqualTo(reference.StateBytes()));
        });
    }

    [Test]
    public void SchedulerStyleLearningRateChangesReachEveryParameter()
    {
        using var problem = new Problem();
        using var optimizer = new LayerWiseOptimizer(null, problem.Groups(), g => new AdamW([g], Options));
        Assert.That(optimizer.ParamGroups.Select(g => g.LearningRate), Is.EqualTo(new[] { 0.01, 0.005 }));
        optimizer.ParamGroups[1].LearningRate = 0.5;
        Assert.That(optimizer.PerParameter[1].ParamGroups[0].LearningRate, Is.EqualTo(0.5), "the groups are shared");
    }

    [Test]
    public void StateDictRoundTripContinuesIdentically()
    {
        using var original = new Problem();
        using var resumed = new Problem();
        using var first = new LayerWiseOptimizer(null, original.Groups(), g => new AdamW([g], Options));
        for (var i = 0; i < 3; i++) original.Backward(first);

        using (torch.no_grad())
        {
            resumed.W.copy_(original.W);
            resumed.B.copy_(original.B);
        }

        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "layerwise-optimizer.pt");
        first.SaveStateDict(path);
        using var second = new LayerWiseOptimizer(null, resumed.Groups(), g => new AdamW([g], Options));
        second.LoadStateDict(path);
        File.Delete(path);
        for (var i = 0; i < 3; i++)
        {
            original.Backward(first);
            resumed.Backward(second);
        }

        Assert.That(resumed.W.ValuesEqual(original.W) && resumed.B.ValuesEqual(original.B), Is.True);
        Assert.That(second.GetState(resumed.W)!.Step, Is.EqualTo(6));
    }

    [Test]
    public void DisposingRemovesTheHooks()
    {
        using var problem = new Problem();
        var before = problem.W.detach().clone();
        var optimizer = new LayerWiseOptimizer(null, problem.Groups(), g => new AdamW([g], Options));
        optimizer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => problem.Backward(optimizer));
        problem.Backward(null);
        Assert.That(problem.W.ValuesEqual(before), Is.True, "no update after dispose");
        Assert.That(problem.W.grad, Is.Not.Null, "the gradient stays for whoever owns the parameters now");
        before.Dispose();
    }
}
