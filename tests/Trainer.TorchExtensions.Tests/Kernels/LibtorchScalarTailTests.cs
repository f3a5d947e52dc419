using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>The measured rounding of libtorch's <c>addcmul</c> predicts every element of a real one.</summary>
public class LibtorchScalarTailTests
{
    [TestCase(1000)]
    [TestCase(100_003)]
    public void Addcmul_rounds_as_measured_at_every_element(int length)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(17);
        var self = torch.randn([length], generator: generator);
        var t = torch.randn([length], generator: generator);
        const float value = 0.001f;
        var actual = self.addcmul(t, t, Scalars.Keep(value)).data<float>().ToArray();
        var s = self.data<float>().ToArray();
        var x = t.data<float>().ToArray();
        var threads = torch.get_num_threads();
        Assert.That(LibtorchScalarTail.AllFused || LibtorchScalarTail.Stride is 0 or 16 or 32, Is.True, $"stride {LibtorchScalarTail.Stride}");
        var mismatches = 0;
        for (var i = 0; i < length; i++)
        {
            var (tailStart, tailEnd) = LibtorchScalarTail.TailOf(i, length, threads);
            var fused = LibtorchScalarTail.AllFused || (i >= tailStart && i < tailEnd);
            var expected = fused ? MathF.FusedMultiplyAdd(value * x[i], x[i], s[i]) : s[i] + value * x[i] * x[i];
            if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual[i])) mismatches++;
        }

        Assert.That(mismatches, Is.Zero);
    }
}
