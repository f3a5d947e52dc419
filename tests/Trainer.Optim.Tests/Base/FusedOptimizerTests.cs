using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim.Tests.Base;

/// <summary>
/// Every optimizer with a fused kernel: a group with <c>fused</c> set follows the op-by-op algorithm's trajectory
/// (parameters and every state entry) within float rounding, on the CPU kernel (float32) and on its tensor-op
/// fallback (float64, strided gradients), including a parameter whose first gradient comes late.
/// </summary>
public class FusedOptimizerTests
{
    private const int Steps = 6;

    public static IEnumerable<TestCaseData> Cases()
    {
        static TestCaseData Case(string name, Func<IEnumerable<Tensor>, bool, Optimizer> create) =>
            new TestCaseData(create).SetName(name);

        yield return Case("SGD", (p, f) => new Sgd(p, new SgdOptions { LearningRate = 0.05, Fused = f }));
        yield return Case("SGD momentum dampening maximize", (p, f) =>
            new Sgd(p, new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Dampening = 0.2, Maximize = true, Fused = f }));
        yield return Case("SGD nesterov weight decay", (p, f) =>
            new Sgd(p, new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 0.01, Fused = f }));
        yield return Case("Lion", (p, f) => new Lion(p, new LionOptions { LearningRate = 1e-3, Fused = f }));
        yield return Case("Lion weight decay", (p, f) =>
            new Lion(p, new LionOptions { LearningRate = 1e-3, Beta1 = 0.95, Beta2 = 0.98, WeightDecay = 0.5, Fused = f }));
        yield return Case("Adagrad", (p, f) => new Adagrad(p, new AdagradOptions { LearningRate = 0.1, Fused = f }));
        yield return Case("Adagrad lr decay weight decay initial accumulator maximize", (p, f) => new Adagrad(p, new AdagradOptions
        {
            LearningRate = 0.1, LrDecay = 0.05, WeightDecay = 0.01, InitialAccumulatorValue = 0.3, Eps = 1e-6, Maximize = true, Fused = f,
        }));
        yield return Case("RMSprop", (p, f) => new RmsProp(p, new RmsPropOptions { LearningRate = 0.01, Fused = f }));
        yield return Case("RMSprop centered", (p, f) => new RmsProp(p, new RmsPropOptions { LearningRate = 0.01, Centered = true, Fused = f }));
        yield return Case("RMSprop momentum weight decay", (p, f) =>
            new RmsProp(p, new RmsPropOptions { LearningRate = 0.01, Momentum = 0.9, WeightDecay = 0.01, Alpha = 0.9, Fused = f }));
        yield return Case("RMSprop centered momentum maximize", (p, f) =>
            new RmsProp(p, new RmsPropOptions { LearningRate = 0.01, Momentum = 0.5, Centered = true, Maximize = true, Fused = f }));
        yield return Case("Lamb", (p, f) => new Lamb(p, new LambOptions { LearningRate = 1e-2, Fused = f }));
        yield return Case("Lamb weight decay", (p, f) =>
            new Lamb(p, new LambOptions { LearningRate = 1e-2, Beta1 = 0.8, Beta2 = 0.99, WeightDecay = 0.1, Fused = f }));
        yield return Case("Lamb adam", (p, f) => new Lamb(p, new LambOptions { LearningRate = 1e-2, Adam = true, WeightDecay = 0.01, Fused = f }));
    }

    [TestCaseSource(nameof(Cases))]
    public void Fused_float32_follows_the_reference_algorithm(Func<IEnumerable<Tensor>, bool, Optimizer> create) =>
        Compare(create, ScalarType.Float32, 2e-6);

    [TestCaseSource(nameof(Cases))]
    public void Fused_float64_takes_the_fallback_with_the_same_result(Func<IEnumerable<Tensor>, bool, Optimizer> create) =>
        Compare(create, ScalarType.Float64, 1e-12);

    [TestCaseSource(nameof(Cases))]
    public void Fused_with_strided_gradients_takes_the_fallback_with_the_same_result(Func<IEnumerable<Tensor>, bool, Optimizer> create) =>
        Compare(create, ScalarType.Float32, 2e-6, stridedGradients: true);

    private static void Compare(Func<IEnumerable<Tensor>, bool, Optimizer> create, ScalarType dtype, double tolerance, bool stridedGradients = false)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(23);
        // A matrix beside an odd-length bias: vector bodies, scalar tails, several chunks.
        long[][] shapes = [[300, 700], [1027]];
        var starts = shapes.Select(s => randn(s, dtype, generator: generator)).ToArray();
        var reference = starts.Select(s => s.clone().requires_grad_()).ToArray();
        var fused = starts.Select(s => s.clone().requires_grad_()).ToArray();
        using var a = create(reference, false);
        using var b = create(fused, true);
        for (var step = 1; step <= Steps; step++)
        {
            for (var i = 0; i < shapes.Length; i++)
            {
                // The bias gets its first gradient at step 2: its state (SGD's buffer clone) is created late.
                // A transposed gradient is a strided view: the kernel must refuse it and the tensor ops take it.
                var gradient = step == 1 && i == 1 ? null
                    : stridedGradients && shapes[i].Length == 2 ? randn([shapes[i][1], shapes[i][0]], dtype, generator: generator).t()
                    : randn(shapes[i], dtype, generator: generator);
                reference[i].grad = gradient;
                fused[i].grad = gradient;
            }

            a.Step();
            b.Step();
        }

        for (var i = 0; i < shapes.Length; i++)
        {
            Assert.That(fused[i].allclose(reference[i], rtol: tolerance, atol: tolerance), Is.True,
                $"parameter {i}: max difference {fused[i].sub(reference[i]).abs().max().ReadDouble()}");
            var expected = a.GetState(reference[i])!;
            var actual = b.GetState(fused[i])!;
            Assert.That(actual.Entries.Select(e => e.Key), Is.EquivalentTo(expected.Entries.Select(e => e.Key)), $"parameter {i}: state entries");
            foreach (var (name, value) in expected.Entries)
            {
                if (value is Tensor t)
                    Assert.That(actual.Tensor(name).allclose(t, rtol: tolerance, atol: tolerance), Is.True, $"parameter {i}: {name}");
                else
                    Assert.That(actual.Entries.Single(e => e.Key == name).Value, Is.EqualTo(value), $"parameter {i}: {name}");
            }
        }
    }
}
