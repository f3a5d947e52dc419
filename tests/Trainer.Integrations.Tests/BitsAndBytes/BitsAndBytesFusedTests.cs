using Training.TorchExtensions;
using ParamGroup = Training.Optim.ParamGroup;

namespace Training.Integrations.Tests.BitsAndBytes;

/// <summary>
/// The fused 8-bit AdamW / Lion (the <c>fused</c> flag) against the op-by-op 8-bit path: every code and absmax
/// identical at every step, the parameters within float rounding, fallbacks for what the kernel cannot take.
/// </summary>
public class BitsAndBytesFusedTests
{
    // At min_8bit_size, a partial last block, many parallel chunks with a partial block, and one with float32 state.
    private static readonly long[] Sizes = [4096, 5000, 2 * 65536 + 77, 100];

    private static readonly Func<IEnumerable<Tensor>, bool, Optimizer>[] Optimizers =
    [
        (p, fused) => new BitsAndBytesAdamW(p, new BitsAndBytesAdamWOptions { OptimBits = 8, LearningRate = 1e-2, WeightDecay = 0.05, Fused = fused }),
        (p, fused) => new BitsAndBytesLion(p, new BitsAndBytesLionOptions { OptimBits = 8, LearningRate = 1e-3, WeightDecay = 0.1, Fused = fused }),
    ];

    [TestCase(0, TestName = "Fused_AdamW8bit_codes_equal_the_unfused_path")]
    [TestCase(1, TestName = "Fused_Lion8bit_codes_equal_the_unfused_path")]
    public void Codes_and_absmax_equal_the_unfused_path_every_step(int which)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(11);
        var start = Sizes.Select(n => torch.randn([n], generator: generator)).ToArray();
        var fusedParameters = start.Select(t => t.clone().requires_grad_()).ToArray();
        var referenceParameters = start.Select(t => t.clone().requires_grad_()).ToArray();
        using var fused = Optimizers[which](fusedParameters, true);
        using var reference = Optimizers[which](referenceParameters, false);
        for (var step = 1; step <= 6; step++)
        {
            for (var i = 0; i < Sizes.Length; i++)
            {
                // Gradients of growing, uneven scale so absmax and the codes move between steps.
                var gradient = torch.randn([Sizes[i]], generator: generator).mul_(Scalars.Keep(step));
                fusedParameters[i].grad = gradient;
                referenceParameters[i].grad = gradient.clone();
            }

            fused.Step();
            reference.Step();
            for (var i = 0; i < Sizes.Length; i++)
                AssertSameState(fused.GetState(fusedParameters[i])!, reference.GetState(referenceParameters[i])!, fusedParameters[i], referenceParameters[i], $"step {step}, {Sizes[i]} elements");
        }
    }

    [Test]
    public void Tensors_the_kernel_cannot_take_follow_the_unfused_path_exactly()
    {
        // A bf16 parameter (8-bit state, float32 arithmetic through a copy) and a strided gradient.
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(5);
        var bf16 = torch.randn([80, 70], generator: generator).to(ScalarType.BFloat16);
        var square = torch.randn([96, 96], generator: generator);
        Tensor[] fusedParameters = [bf16.clone().requires_grad_(), square.clone().requires_grad_()];
        Tensor[] referenceParameters = [bf16.clone().requires_grad_(), square.clone().requires_grad_()];
        foreach (var create in Optimizers)
        {
            using var fused = create(fusedParameters, true);
            using var reference = create(referenceParameters, false);
            for (var step = 1; step <= 3; step++)
            {
                var g0 = torch.randn([80, 70], generator: generator).to(ScalarType.BFloat16);
                var g1 = torch.randn([96, 96], generator: generator).t();
                Assert.That(g1.is_contiguous(), Is.False);
                (fusedParameters[0].grad, referenceParameters[0].grad) = (g0, g0.clone());
                (fusedParameters[1].grad, referenceParameters[1].grad) = (g1, g1.clone().t().contiguous().t());
                fused.Step();
                reference.Step();
                for (var i = 0; i < 2; i++)
                    AssertSameState(fused.GetState(fusedParameters[i])!, reference.GetState(referenceParameters[i])!, fusedParameters[i], referenceParameters[i], $"{fused.Name} step {step}, parameter {i}");
            }
        }
    }

    [Test]
    public void Fused_flag_is_a_declared_group_key()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.randn([64, 64]).requires_grad_();
        using var optimizer = new BitsAndBytesAdamW([new ParamGroup([weight])], new BitsAndBytesAdamWOptions { OptimBits = 8, Fused = true });
        Assert.That(optimizer.ParamGroups[0].GetFlag("fused"), Is.True);
        using var plain = new BitsAndBytesLion([weight], new BitsAndBytesLionOptions { OptimBits = 8 });
        Assert.That(plain.ParamGroups[0].GetFlag("fused"), Is.False);
    }

    [Test]
    public void Fused_steps_leave_no_tensors_behind()
    {
        var baseline = LiveTensors.SettledCount();
        using (var scope = torch.NewDisposeScope())
        {
            var weight = torch.randn([70, 80]).requires_grad_().DetachFromDisposeScope();
            using (var adam = new BitsAndBytesAdamW([weight], new BitsAndBytesAdamWOptions { OptimBits = 8, Fused = true }))
            using (var lion = new BitsAndBytesLion([weight], new BitsAndBytesLionOptions { OptimBits = 8, Fused = true }))
            {
                for (var t = 0; t < 3; t++)
                {
                    using (var g = torch.randn([70, 80])) weight.grad = g;
                    adam.Step();
                    lion.Step();
                }
            }

            weight.grad = null;
            weight.Dispose();
        }

        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline));
    }

    private static void AssertSameState(ParameterState fused, ParameterState reference, Tensor fusedParameter, Tensor referenceParameter, string context)
    {
        Assert.That(fused.Integer("step"), Is.EqualTo(reference.Integer("step")), $"{context}: step");
        foreach (var key in new[] { "state1", "state2", "absmax1", "absmax2" })
        {
            if (reference.TryTensor(key) is not { } expected) continue;
            var actual = fused.Tensor(key);
            if (expected.dtype == ScalarType.Byte || key.StartsWith("absmax", StringComparison.Ordinal))
            {
                Assert.That(actual.dtype, Is.EqualTo(expected.dtype), $"{context}: {key} dtype");
                Assert.That(actual.ne(expected).sum().item<long>(), Is.Zero, $"{context}: {key} differing elements");
            }
            else
            {
                Assert.That(actual.allclose(expected, rtol: 1e-5, atol: 1e-7), Is.True, $"{context}: {key}");
            }
        }

        var a = fusedParameter.detach().to(ScalarType.Float32);
        var b = referenceParameter.detach().to(ScalarType.Float32);
        var tolerance = 1e-6 * b.abs().max().item<float>();
        Assert.That(a.sub(b).abs().max().item<float>(), Is.LessThanOrEqualTo(tolerance), $"{context}: parameter");
    }
}
