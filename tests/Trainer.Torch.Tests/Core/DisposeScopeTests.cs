namespace Training.Torch.Tests.Core;

[NonParallelizable]
public class DisposeScopeTests
{
    [Test]
    public void ScopeDisposesEverythingCreatedInsideIt()
    {
        var baseline = Tensor.TotalCount;
        Tensor inner;
        using (var scope = NewDisposeScope())
        {
            var a = ones(4);
            inner = a.add(1).mul(a).exp();
            Assert.That(Tensor.TotalCount - baseline, Is.EqualTo(4));
            Assert.That(scope.Count, Is.EqualTo(4));
        }

        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline));
        Assert.That(inner.IsInvalid, Is.True);
    }

    [Test]
    public void DoubleDisposeIsSafeAndCountsOnce()
    {
        var baseline = Tensor.TotalCount;
        using var scope = NewDisposeScope();
        var t = zeros(2);
        t.Dispose();
        t.Dispose();
        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline));
        Assert.That(scope.Count, Is.EqualTo(0), "an explicitly disposed tensor leaves its scope");
    }

    [Test]
    public void MovedAndDetachedTensorsSurviveTheirScope()
    {
        var baseline = Tensor.TotalCount;
        Tensor moved, detached;
        using (var outer = NewDisposeScope())
        {
            using (var inner = NewDisposeScope())
            {
                moved = ones(2).MoveToOuterDisposeScope();
                detached = ones(3).DetachFromDisposeScope();
                ones(5);
            }

            Assert.That(moved.IsInvalid, Is.False);
            Assert.That(outer.Count, Is.EqualTo(1));
        }

        Assert.That(moved.IsInvalid, Is.True, "the outer scope disposed the moved tensor");
        Assert.That(detached.IsInvalid, Is.False);
        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline + 1));
        detached.Dispose();
        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline));
    }

    [Test]
    public void WrappedScopeKeepsOnlyTheResult()
    {
        var baseline = Tensor.TotalCount;
        var result = WrappedTensorDisposeScope(() => ones(3).add(1).mul(2).sum());
        Assert.That(result.item<float>(), Is.EqualTo(12));
        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline + 1));
        result.Dispose();
    }

    [Test]
    public void DisposeEverythingButKeepsTheChosenTensors()
    {
        using var scope = NewDisposeScope();
        var keep = ones(1);
        var drop = ones(1);
        scope.DisposeEverythingBut(keep);
        Assert.That(keep.IsInvalid, Is.False);
        Assert.That(drop.IsInvalid, Is.True);
    }

    [Test]
    public void OutOfOrderDisposalUnlinksTheScope()
    {
        var outer = NewDisposeScope();
        var inner = NewDisposeScope();
        outer.Dispose();
        Assert.That(DisposeScope.Current, Is.SameAs(inner));
        Assert.That(inner.Outer, Is.Null);
        inner.Dispose();
        Assert.That(DisposeScope.Current, Is.Null);
    }

    [Test]
    public void PeakCountTracksTheHighWaterMark()
    {
        using var scope = NewDisposeScope();
        Tensor.ResetPeakCount();
        var start = Tensor.TotalCount;
        var many = Enumerable.Range(0, 10).Select(_ => zeros(1)).ToList();
        foreach (var t in many) t.Dispose();
        Assert.That(Tensor.PeakCount, Is.GreaterThanOrEqualTo(start + 10));
        Assert.That(Tensor.TotalCount, Is.EqualTo(start));
    }
}
