namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>
/// What every fused optimizer kernel must do, against its tensor-op path: the same trajectory over many steps for
/// every configuration, at every vector width and tail length and across chunks; other dtypes through tensor ops.
/// </summary>
public abstract class FusedKernelContract
{
    // Tails of every kind: less than one vector, one vector plus one, a chunk plus one, many chunks (parallel).
    private static readonly long[] Sizes = [1, 7, 16, 17, 33, 65537, 3 * 65536 + 5];

    /// <summary>Each configuration that matters, by name, and how to build its case for a dtype and parameter sizes.</summary>
    private protected abstract IReadOnlyList<(string Name, Func<ScalarType, long[], IKernelCase> Create)> Configurations { get; }

    [Test]
    public void Kernel_equals_tensor_ops_over_many_steps()
    {
        foreach (var (name, create) in Configurations)
        {
            using var c = create(ScalarType.Float32, Sizes);
            Assert.That(c.AllTakeKernel(), Is.True, $"{name}: these tensors must take the kernel");
            for (var s = 1; s <= 12; s++)
            {
                c.NextGradients();
                c.StepSubject();
                c.StepReference();
                c.AssertClose($"{name}, step {s}");
            }
        }
    }

    [TestCase(512)]
    [TestCase(256)]
    [TestCase(0)]
    public void Every_vector_width_equals_tensor_ops(int vectorBits)
    {
        // This CPU takes one width; the others are still the code another CPU runs.
        foreach (var (name, create) in Configurations)
        {
            using var c = create(ScalarType.Float32, [1, 7, 17, 100, 1027]);
            for (var s = 1; s <= 4; s++)
            {
                c.NextGradients();
                c.StepSubjectWithKernel(vectorBits);
                c.StepReference();
                c.AssertClose($"{name}, {vectorBits}-bit, step {s}");
            }
        }
    }

    [Test]
    public void Float64_takes_the_tensor_op_path_with_the_same_result()
    {
        foreach (var (name, create) in Configurations)
        {
            using var c = create(ScalarType.Float64, [17, 1000]);
            Assert.That(c.AnyTakesKernel(), Is.False, name);
            for (var s = 1; s <= 3; s++)
            {
                c.NextGradients();
                c.StepSubject();
                c.StepReference();
                c.AssertClose($"{name}, float64, step {s}");
            }
        }
    }

    [Test]
    public void The_kernel_changes_every_parameter()
    {
        // Guards the comparisons: equal to the reference must not mean "both did nothing".
        foreach (var (name, create) in Configurations)
        {
            using var c = create(ScalarType.Float32, [65537]);
            using var before = c.Parameter(0).clone();
            c.NextGradients();
            c.StepSubject();
            // An element whose update is below half its ulp may stay; a kernel that skipped work leaves thousands.
            using var unchanged = c.Parameter(0).eq(before).sum();
            Assert.That(unchanged.item<long>(), Is.LessThan(10), name);
        }
    }
}
