using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim.Tests.Base;

/// <summary>The fused native Adam/AdamW kernel equals the op-by-op algorithm within float rounding.</summary>
public class FusedAdamTests
{
    [TestCase(false, false, false, ScalarType.Float32)]
    [TestCase(true, false, false, ScalarType.Float32)]
    [TestCase(true, true, false, ScalarType.Float32)]
    [TestCase(true, false, true, ScalarType.Float32)]
    [TestCase(false, true, true, ScalarType.Float64)]
    [TestCase(true, true, true, ScalarType.Float64)]
    public void FusedMatchesTheReferenceAlgorithm(bool decoupled, bool amsgrad, bool maximize, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        var start = randn(new long[] { 300, 70 }, dtype, generator: generator);
        var reference = start.clone().requires_grad_();
        var fused = start.clone().requires_grad_();
        Optimizer Make(Tensor p, bool useFused) => decoupled
            ? new AdamW([p], new AdamWOptions { LearningRate = 0.01, WeightDecay = 0.1, Amsgrad = amsgrad, Maximize = maximize, Fused = useFused })
            : new Adam([p], new AdamOptions { LearningRate = 0.01, WeightDecay = 0.1, Amsgrad = amsgrad, Maximize = maximize, Fused = useFused });
        using var a = Make(reference, false);
        using var b = Make(fused, true);
        for (var step = 0; step < 5; step++)
        {
            var gradient = randn(new long[] { 300, 70 }, dtype, generator: generator);
            reference.grad = gradient;
            fused.grad = gradient;
            a.Step();
            b.Step();
        }

        var tolerance = dtype == ScalarType.Float64 ? 1e-12 : 2e-6;
        Assert.That(fused.allclose(reference, rtol: tolerance, atol: tolerance), Is.True,
            $"max difference {fused.sub(reference).abs().max().ReadDouble()}");
        Assert.That(b.GetState(fused)!.Tensor("exp_avg_sq").allclose(a.GetState(reference)!.Tensor("exp_avg_sq"), rtol: tolerance, atol: 1e-12), Is.True);
        Assert.That(b.GetState(fused)!.Step, Is.EqualTo(5));
    }

    [Test]
    public void GlobalStepCountsPerParameter()
    {
        using var scope = NewDisposeScope();
        using var p = ones(2).requires_grad_();
        using var q = ones(2).requires_grad_();
        using var lion = new Lion([p, q]) { EnableGlobalStep = true };
        lion.Preinitialize();
        Assert.That(lion.GetState(p)!.Step, Is.EqualTo(0), "created with the state");
        Assert.That(lion.IncrementGlobalStep(p), Is.EqualTo(1));
        Assert.That(lion.IncrementGlobalStep(p), Is.EqualTo(2));
        Assert.That(lion.GetState(q)!.Step, Is.EqualTo(0));
        using var plain = new Lion([ones(1).requires_grad_()]);
        Assert.Throws<InvalidOperationException>(() => plain.IncrementGlobalStep(p));
    }
}
