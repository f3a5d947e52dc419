using NUnit.Framework;
using TorchSharp;
using Training.Optim;
using static TorchSharp.torch;

namespace Training.Testing.Contract;

public abstract partial class OptimizerContract
{
    /// <summary>
    /// <c>Step(closure)</c> runs the closure once with gradients enabled (even under <c>no_grad</c>), returns the
    /// closure's own loss, and updates exactly as <c>Step()</c> after a manual forward and backward (two steps, so the
    /// state is used too). An optimizer that updates inside backward refuses a closure, naming <c>FusedBackward</c>.
    /// </summary>
    [TestCaseSource(Cases)]
    public void StepWithAClosureReturnsItsLossAndEqualsAManualStep(ContractEntry entry)
    {
        using var closed = new ContractProblem();
        using var manual = new ContractProblem();
        using var withClosure = Create(entry, closed);
        using var plain = Create(entry, manual);
        if (withClosure is IFusedBackwardOptimizer)
        {
            var called = false;
            var refusal = Assert.Throws<InvalidOperationException>(() => withClosure.Step(() =>
            {
                called = true;
                return closed.LossOf(0, ContractProblem.BatchSize);
            }));
            Assert.That(refusal!.Message, Does.Contain("FusedBackward").And.Contain(withClosure.Name));
            Assert.That(called, Is.False, "the closure is not run");
            return;
        }

        for (var step = 0; step < 2; step++)
        {
            using var scope = torch.NewDisposeScope();
            ContractProblem.EnterTrainMode(withClosure);
            Tensor? fromClosure = null;
            var calls = 0;
            Tensor? returned;
            using (torch.no_grad())
            {
                returned = withClosure.Step(() =>
                {
                    calls++;
                    Assert.That(torch.is_grad_enabled(), Is.True, "the closure runs with gradients enabled");
                    withClosure.ZeroGrad();
                    fromClosure = closed.LossOf(0, ContractProblem.BatchSize);
                    fromClosure.backward();
                    return fromClosure;
                });
            }

            withClosure.ZeroGrad();
            manual.TrainStep(plain);
            Assert.That(calls, Is.EqualTo(1), "the closure runs once per step");
            Assert.That(returned, Is.SameAs(fromClosure), "Step returns the closure's loss");
        }

        Assert.That(closed.SameParameters(manual), Is.True, "Step(closure) updates as Step() after a manual backward");
    }
}
