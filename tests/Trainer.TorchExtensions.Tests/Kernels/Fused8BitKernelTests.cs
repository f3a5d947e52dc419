using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>
/// The blockwise 8-bit kernels of <see cref="Fused.Adam8BitStep"/> and <see cref="Fused.Lion8BitStep"/> at every
/// vector width, and their fallback. (Their equality with bitsandbytes' op-by-op path, code for code, is tested
/// where that path lives: Trainer.Integrations.Tests, BitsAndBytesFusedTests.)
/// </summary>
public class Fused8BitKernelTests
{
    // A whole block, a partial second block, several blocks plus a partial, and more than a chunk.
    private static readonly long[] Sizes = [256, 300, 1027, 65536 + 4101];

    // A sorted map dense near zero, as the dynamic maps are: ±(k/127)³ and 0, 1.
    private static readonly QuantizationCodebook Codebook = new(
        [.. Enumerable.Range(-127, 255).Select(k => MathF.Pow(k / 127f, 3)).Append(1f).Order()]);

    private static readonly QuantizationCodebook Unsigned = new([.. Enumerable.Range(0, 256).Select(k => MathF.Pow(k / 255f, 2))]);

    [Test]
    public void Adam8Bit_every_vector_width_gives_the_same_codes_and_parameters()
    {
        var step = new Adam8BitFusedStep(1e-2, 0.9, 0.999, 1e-8, 0.05, Codebook, Unsigned, _ => Assert.Fail("no fallback expected"));
        AssertWidthsAgree(2, (t, n) => new Fused.Adam8BitTensors(t[0], t[1], t[2], t[3], t[4], t[5], n),
            (tensors, width) =>
            {
                Assert.That(step.TryCreateKernel(tensors, out var kernel), Is.True);
                CpuKernels.RunRange(kernel, 0, kernel.Length, width);
            });
    }

    [Test]
    public void Lion8Bit_every_vector_width_gives_the_same_codes_and_parameters()
    {
        var step = new Lion8BitFusedStep(1e-3, 0.9, 0.99, 0.1, Codebook, _ => Assert.Fail("no fallback expected"));
        AssertWidthsAgree(1, (t, _) => new Fused.Lion8BitTensors(t[0], t[1], t[2], t[3]),
            (tensors, width) =>
            {
                Assert.That(step.TryCreateKernel(tensors, out var kernel), Is.True);
                CpuKernels.RunRange(kernel, 0, kernel.Length, width);
            });
    }

    [Test]
    public void Tensors_the_kernel_cannot_take_go_to_the_fallback_and_bad_state_changes_nothing()
    {
        using var scope = NewDisposeScope();
        var good = Tensors(1, 1000, ScalarType.Float32);
        var wide = Tensors(1, 1000, ScalarType.Float64);
        var fellBack = new List<Tensor>();
        Fused.Lion8BitStep([new(good[0], good[1], good[2], good[3]), new(wide[0], wide[1], wide[2], wide[3])], 1e-3, 0.9, 0.99, 0,
            Codebook, t => fellBack.Add(t.Parameter));
        Assert.That(fellBack, Has.Count.EqualTo(1));
        Assert.That(ReferenceEquals(fellBack[0], wide[0]), Is.True, "the float64 parameter takes the fallback");
        Assert.That(good[3].abs().sum().item<float>(), Is.GreaterThan(0f), "the float32 parameter took the kernel");

        var before = good[0].clone();
        var shortAbsmax = torch.zeros(2);
        var error = Assert.Throws<ArgumentException>(() => Fused.Lion8BitStep(
            [new(good[0], good[1], good[2], good[3]), new(wide[0], wide[1], wide[2], shortAbsmax)], 1e-3, 0.9, 0.99, 0, Codebook, _ => { }));
        Assert.That(error!.Message, Does.Contain("absmax has 2 entries"));
        Assert.That(good[0].ne(before).sum().item<long>(), Is.Zero, "validation runs before any parameter is stepped");
    }

    [Test]
    public void Codebook_encode_counts_the_bounds_strictly_below()
    {
        foreach (var codebook in new[] { Codebook, Unsigned })
        {
            var bounds = codebook.Bounds.ToArray();
            var values = new List<float> { 0f, -0f, 1f, -1f, 3f, float.NaN, float.NegativeInfinity, float.PositiveInfinity, 1e-30f, -1e-30f };
            foreach (var b in bounds) values.AddRange([b, MathF.BitDecrement(b), MathF.BitIncrement(b)]);
            for (var bits = 0; bits <= BitConverter.SingleToInt32Bits(1f); bits += 8191)
            {
                values.Add(BitConverter.Int32BitsToSingle(bits));
                values.Add(-BitConverter.Int32BitsToSingle(bits));
            }

            foreach (var x in values)
                Assert.That(codebook.Encode(x), Is.EqualTo(float.IsNaN(x) ? 0 : bounds.Count(b => b < x)), $"x = {x:R}");
        }
    }

    [Test]
    public void Codebook_rejects_maps_it_cannot_search()
    {
        var unsorted = Assert.Throws<ArgumentException>(() => _ = new QuantizationCodebook([0f, 0.5f, 0.25f]));
        Assert.That(unsorted!.Message, Does.Contain("sorted ascending").And.Contain("code 2"));
        Assert.Throws<ArgumentException>(() => _ = new QuantizationCodebook([0.5f]));
    }

    // Steps copies of the same parameters at widths 512, 256 and 0 with the same gradients; all must agree bit for bit
    // (the same float32 operations per element), and the parameters and codes must move.
    private static void AssertWidthsAgree<T>(int states, Func<Tensor[], long, T> view, Action<T, int> run)
    {
        using var scope = NewDisposeScope();
        int[] widths = [512, 256, 0];
        var copies = widths.Select(_ => Sizes.Select(n => Tensors(states, n, ScalarType.Float32)).ToArray()).ToArray();
        var start = copies[0].Select(t => t[0].clone()).ToArray();
        var generator = new Generator(77);
        for (var step = 1; step <= 4; step++)
        {
            for (var i = 0; i < Sizes.Length; i++)
            {
                var gradient = torch.randn([Sizes[i]], generator: generator).mul_(Scalars.Keep(step));
                foreach (var copy in copies) copy[i][1].copy_(gradient);
            }

            for (var w = 0; w < widths.Length; w++)
                foreach (var tensors in copies[w]) run(view(tensors, step), widths[w]);

            for (var w = 1; w < widths.Length; w++)
            {
                for (var i = 0; i < Sizes.Length; i++)
                {
                    for (var k = 0; k < copies[0][i].Length; k++)
                    {
                        if (k == 1) continue;
                        Assert.That(copies[w][i][k].ne(copies[0][i][k]).sum().item<long>(), Is.Zero,
                            $"width {widths[w]} vs 512, step {step}, {Sizes[i]} elements, tensor {k}");
                    }
                }
            }
        }

        for (var i = 0; i < Sizes.Length; i++)
        {
            Assert.That(copies[0][i][0].ne(start[i]).sum().item<long>(), Is.GreaterThan(Sizes[i] * 9 / 10), "the parameters moved");
            Assert.That(copies[0][i][2].ne(Scalars.Keep(0)).sum().item<long>(), Is.GreaterThan(Sizes[i] / 2), "the codes moved");
        }
    }

    // [parameter, gradient, (codes, absmax) per state], the state empty as bitsandbytes creates it; the same
    // parameter values for the same size.
    private static Tensor[] Tensors(int states, long size, ScalarType dtype)
    {
        using var generator = new Generator((ulong)size);
        var result = new List<Tensor> { torch.randn([size], generator: generator).to(dtype), torch.zeros([size], dtype) };
        for (var s = 0; s < states; s++)
        {
            result.Add(torch.zeros([size], ScalarType.Byte));
            result.Add(torch.zeros([(size + 255) / 256], ScalarType.Float32));
        }

        return [.. result];
    }
}
