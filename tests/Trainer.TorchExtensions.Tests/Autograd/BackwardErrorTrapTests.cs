using Training.TorchExtensions.Autograd;

namespace Training.TorchExtensions.Tests.Autograd;

/// <summary>The exception carrier for custom autograd functions: the original exception, a live process, a working next pass.</summary>
[NonParallelizable]
public class BackwardErrorTrapTests
{
    // y = 2x; its backward throws while Fail is set.
    private sealed class Doubling : autograd.SingleTensorFunction<Doubling>
    {
        public static bool Fail { get; set; }

        public override string Name => nameof(Doubling);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            ctx.save_data("trap", vars[1]);
            ctx.save_data("slots", GradientSlot.Of(vars));
            return ((Tensor)vars[0]).mul(Scalars.Keep(2.0));
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var trap = (BackwardErrorTrap)ctx.get_data("trap");
            return trap.Guard((IReadOnlyList<GradientSlot?>)ctx.get_data("slots"), () =>
                Fail ? throw new FormatException("backward body failed") : [grad_output.mul(Scalars.Keep(2.0)), null])!;
        }
    }

    [TestCase(new long[] { 3 })]
    [TestCase(new long[] { 1, 1 })]
    [TestCase(new long[0])]
    public void TheOriginalExceptionIsRethrownAndTheNextPassWorks(long[] shape)
    {
        using var scope = NewDisposeScope();
        var trap = new BackwardErrorTrap();
        var x = ones(shape).requires_grad_();
        Doubling.Fail = true;
        try
        {
            Assert.That(() => trap.Backward(Doubling.apply(x, trap).sum()),
                Throws.TypeOf<FormatException>().With.Message.EqualTo("backward body failed"));
            Assert.That(trap.HasCapturedException, Is.False);
        }
        finally
        {
            Doubling.Fail = false;
        }

        x.grad = null;
        trap.Backward(Doubling.apply(x, trap).sum());
        Assert.That(x.grad!.ValuesEqual(full(shape, Scalars.Keep(2f))), Is.True);
    }

    [Test]
    public void APlainBackwardFailsWithLibtorchsErrorAndTheNextTrapPassDiscardsTheKeptException()
    {
        using var scope = NewDisposeScope();
        var trap = new BackwardErrorTrap();
        var x = ones(3).requires_grad_();
        Doubling.Fail = true;
        try
        {
            Assert.That(() => Doubling.apply(x, trap).sum().backward(), Throws.Exception.Not.TypeOf<FormatException>());
        }
        finally
        {
            Doubling.Fail = false;
        }

        Assert.That(trap.HasCapturedException, Is.True);
        trap.Backward(Doubling.apply(x, trap).sum());
        Assert.That(trap.HasCapturedException, Is.False);
    }
}
