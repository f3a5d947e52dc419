using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>
/// The two-pass LAMB kernel of <see cref="Fused.LambStep"/> against its tensor-op path: the same trajectory over
/// many steps at every vector width and across chunks (the trust ratio sums partial sums of many chunks), other
/// dtypes through tensor ops.
/// </summary>
public class FusedLambKernelTests
{
    private static readonly LambFusedStep[] Configurations =
    [
        new(1e-2, 0.9, 0.999, 1e-6, 0, false),
        new(1e-2, 0.8, 0.99, 1e-6, 0.1, false),
        new(1e-2, 0.9, 0.999, 1e-6, 0.01, true),
    ];

    [TestCase(null)]
    [TestCase(512)]
    [TestCase(256)]
    [TestCase(0)]
    public void Kernel_equals_tensor_ops_over_many_steps(int? vectorBits)
    {
        // Tails of every kind, and a tensor of several chunks (parallel when no width is forced).
        long[] sizes = vectorBits is null ? [1, 17, 65537, 2 * 65536 + 5] : [1, 7, 17, 1027, 65536 + 33];
        foreach (var step in Configurations)
        {
            using var scope = NewDisposeScope();
            var (subject, reference) = (Tensors(sizes, ScalarType.Float32), Tensors(sizes, ScalarType.Float32));
            Assert.That(subject.All(t => step.TryCreateKernel(t, out _)), Is.True);
            var generator = new Generator(9);
            for (var s = 1; s <= 6; s++)
            {
                for (var i = 0; i < sizes.Length; i++)
                {
                    var g = torch.randn([sizes[i]], generator: generator);
                    subject[i].Gradient.copy_(g);
                    reference[i].Gradient.copy_(g);
                }

                step.Run(subject, vectorBits);
                foreach (var t in reference) step.StepWithTensorOps(t);
                for (var i = 0; i < sizes.Length; i++)
                {
                    var context = $"{step}, {vectorBits}-bit, step {s}, {sizes[i]} elements";
                    Agreement.AssertClose(subject[i].Parameter, reference[i].Parameter, context + ": parameter");
                    Agreement.AssertClose(subject[i].ExpAvg, reference[i].ExpAvg, context + ": exp_avg");
                    Agreement.AssertClose(subject[i].ExpAvgSq, reference[i].ExpAvgSq, context + ": exp_avg_sq");
                }
            }
        }
    }

    [Test]
    public void Float64_takes_the_tensor_op_path_with_the_same_result()
    {
        using var scope = NewDisposeScope();
        var step = Configurations[1];
        var subject = Tensors([17, 1000], ScalarType.Float64);
        var reference = Tensors([17, 1000], ScalarType.Float64);
        Assert.That(subject.Any(t => step.TryCreateKernel(t, out _)), Is.False);
        foreach (var t in subject.Concat(reference)) t.Gradient.fill_(Scalars.Keep(0.5));
        Fused.LambStep(subject, step.Lr, step.Beta1, step.Beta2, step.Eps, step.WeightDecay, step.Adam);
        foreach (var t in reference) step.StepWithTensorOps(t);
        for (var i = 0; i < 2; i++) Agreement.AssertClose(subject[i].Parameter, reference[i].Parameter, $"parameter {i}");
        Assert.That(subject[1].Parameter.ne(Tensors([17, 1000], ScalarType.Float64)[1].Parameter).sum().item<long>(), Is.GreaterThan(900));
    }

    private static Fused.LambTensors[] Tensors(long[] sizes, ScalarType dtype)
    {
        using var generator = new Generator(3);
        return [.. sizes.Select(n => new Fused.LambTensors(torch.randn([n], generator: generator).to(dtype), torch.zeros([n], dtype),
            torch.zeros([n], dtype), torch.zeros([n], dtype)))];
    }
}
