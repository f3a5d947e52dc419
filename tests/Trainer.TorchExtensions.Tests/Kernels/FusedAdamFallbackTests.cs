using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>What the CPU kernel must not take goes through tensor operations, with the same result.</summary>
public class FusedAdamFallbackTests
{
    [Test]
    public void Float64_takes_the_tensor_op_path()
    {
        using var c = new AdamCase(ScalarType.Float64, 17, 1000) { Amsgrad = true };
        for (var s = 1; s <= 5; s++)
        {
            c.NextGradients();
            foreach (var t in c.SubjectTensors())
                Assert.That(c.FusedStep().TryCreateKernel(t, out _), Is.False);
            c.StepSubject();
            c.StepReference();
            c.AssertClose($"step {s}");
        }
    }

    [Test]
    public void A_non_contiguous_parameter_takes_the_tensor_op_path()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var parameter = torch.randn([33, 20], generator: generator).t(); // a transposed view: strided
        var reference = parameter.clone();
        var grad = torch.randn([20, 33], generator: generator);
        var states = Enumerable.Range(0, 4).Select(_ => torch.zeros([20, 33])).ToArray();
        var t = new Fused.AdamTensors(parameter, grad, states[0], states[1], null, 1);
        var r = new Fused.AdamTensors(reference, grad, states[2], states[3], null, 1);
        var step = new AdamFusedStep(1e-2, 0.9, 0.999, 1e-8, 0.1, Amsgrad: false, Maximize: false, Decoupled: true);
        Assert.That(step.TryCreateKernel(t, out _), Is.False);

        Fused.AdamStep([t], 1e-2, 0.9, 0.999, 1e-8, 0.1, amsgrad: false, maximize: false, decoupled: true);
        AdamTensorOps.Step(r, 1e-2, 0.9, 0.999, 1e-8, 0.1, false, false, true);

        Assert.That(parameter.ValuesEqual(reference), Is.True);
        Assert.That(states[0].ValuesEqual(states[2]), Is.True);
        Assert.That(parameter.is_contiguous(), Is.False, "the step must update the caller's view in place");
    }

    [Test]
    public void A_non_contiguous_gradient_takes_the_tensor_op_path()
    {
        using var scope = NewDisposeScope();
        var grad = torch.full([8, 8], Scalars.Keep(0.5f))[.., ..4]; // every other row's tail skipped: strided
        var step = new AdamFusedStep(1e-2, 0.9, 0.999, 1e-8, 0, Amsgrad: false, Maximize: false, Decoupled: true);
        var t = new Fused.AdamTensors(torch.ones([8, 4]), grad, torch.zeros([8, 4]), torch.zeros([8, 4]), null, 1);
        Assert.That(grad.is_contiguous(), Is.False);
        Assert.That(step.TryCreateKernel(t, out _), Is.False);
    }

    [Test]
    public void One_call_mixes_both_paths()
    {
        using var fast = new AdamCase(ScalarType.Float32, 65537, 9);
        using var slow = new AdamCase(ScalarType.Float64, 65537, 9);
        for (var s = 1; s <= 5; s++)
        {
            fast.NextGradients();
            slow.NextGradients();
            Fused.AdamTensors[] all = [.. fast.SubjectTensors(), .. slow.SubjectTensors()];
            Fused.AdamStep(all, fast.Lr, fast.Beta1, fast.Beta2, fast.Eps, fast.WeightDecay, false, false, true);
            fast.StepReference();
            slow.StepReference();
            fast.AssertClose($"float32, step {s}");
            slow.AssertClose($"float64, step {s}");
        }
    }

    [Test]
    public void Amsgrad_without_its_buffer_fails_before_any_parameter_is_stepped()
    {
        using var c = new AdamCase(ScalarType.Float32, 10, 10);
        c.NextGradients();
        var tensors = c.SubjectTensors();
        using var before = tensors[0].Parameter.clone();
        tensors[0] = tensors[0] with { MaxExpAvgSq = c.Subject[0][4] };
        tensors[1] = tensors[1] with { MaxExpAvgSq = null };

        Assert.Throws<ArgumentException>(() => Fused.AdamStep(tensors, 1e-2, 0.9, 0.999, 1e-8, 0, true, false, true));
        Assert.That(tensors[0].Parameter.ValuesEqual(before), Is.True);
    }
}
