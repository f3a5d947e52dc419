using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>The managed CPU kernel of <see cref="Fused.AdamStep"/> against the tensor-op reference over many steps.</summary>
public class FusedAdamCpuTests
{
    private const int Steps = 25;

    // Tails of every kind: less than one vector, one vector plus one, a chunk plus one, many chunks (parallel).
    private static readonly long[] Sizes = [1, 7, 16, 17, 33, 65537, 3 * 65536 + 5];

    public static IEnumerable<TestCaseData> Configurations()
    {
        yield return new TestCaseData(true, false, false, 0.1).SetName("AdamW");
        yield return new TestCaseData(true, true, false, 0.1).SetName("AdamW amsgrad");
        yield return new TestCaseData(true, false, true, 0.1).SetName("AdamW maximize");
        yield return new TestCaseData(true, true, true, 0.0).SetName("AdamW amsgrad maximize no decay");
        yield return new TestCaseData(false, false, false, 0.0).SetName("Adam");
        yield return new TestCaseData(false, false, false, 0.05).SetName("Adam L2");
        yield return new TestCaseData(false, true, true, 0.05).SetName("Adam L2 amsgrad maximize");
    }

    [TestCaseSource(nameof(Configurations))]
    public void Fast_path_equals_tensor_ops_over_many_steps(bool decoupled, bool amsgrad, bool maximize, double weightDecay)
    {
        using var c = new AdamCase(ScalarType.Float32, Sizes)
        {
            Decoupled = decoupled, Amsgrad = amsgrad, Maximize = maximize, WeightDecay = weightDecay,
        };
        for (var s = 1; s <= Steps; s++)
        {
            c.NextGradients();
            foreach (var t in c.SubjectTensors())
                Assert.That(c.FusedStep().TryCreateKernel(t, out _), Is.True, "these tensors must take the fast path");
            c.StepSubject();
            c.StepReference();
            c.AssertClose($"step {s}");
        }
    }

    [TestCase(512)]
    [TestCase(256)]
    [TestCase(0)]
    public void Every_vector_width_equals_tensor_ops(int vectorBits)
    {
        // This CPU takes one width; the others are still the code another CPU runs.
        using var c = new AdamCase(ScalarType.Float32, 1, 7, 17, 100, 1027) { Amsgrad = true };
        for (var s = 1; s <= 10; s++)
        {
            c.NextGradients();
            foreach (var t in c.SubjectTensors())
            {
                Assert.That(c.FusedStep().TryCreateKernel(t, out var span), Is.True);
                CpuKernels.RunRange(span, 0, span.Length, vectorBits);
            }

            c.StepReference();
            c.AssertClose($"{vectorBits}-bit, step {s}");
        }
    }

    [Test]
    public void A_chunk_range_updates_only_its_elements()
    {
        using var c = new AdamCase(ScalarType.Float32, 100) { WeightDecay = 0 };
        c.NextGradients();
        var t = c.SubjectTensors()[0];
        using var before = t.Parameter.clone();
        Assert.That(c.FusedStep().TryCreateKernel(t, out var span), Is.True);
        CpuKernels.RunRange(span, 10, 20);
        using var changed = t.Parameter.ne(before);
        Assert.That(changed[..10].any().item<bool>(), Is.False, "elements before the range");
        Assert.That(changed[10..30].all().item<bool>(), Is.True, "elements in the range");
        Assert.That(changed[30..].any().item<bool>(), Is.False, "elements after the range");
    }

    [Test]
    public void Fast_path_changes_the_parameters()
    {
        // Guards the comparison tests: equal to the reference must not mean "both did nothing".
        using var c = new AdamCase(ScalarType.Float32, 65537);
        using var before = c.Subject[0][0].clone();
        c.NextGradients();
        c.StepSubject();
        using var difference = (c.Subject[0][0] - before).abs().min();
        Assert.That(difference.item<float>(), Is.GreaterThan(0f));
    }
}
