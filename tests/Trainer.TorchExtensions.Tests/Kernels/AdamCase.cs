using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>
/// One Adam configuration and a set of parameters in two copies: one stepped by the code under test, one by the
/// tensor-op reference (<c>AdamTensorOps</c>), fed the same gradients each step.
/// </summary>
internal sealed class AdamCase : IDisposable
{
    private readonly List<Tensor[]> subject = [];
    private readonly List<Tensor[]> reference = [];
    private readonly Generator generator = new(1234);
    private double step;

    public AdamCase(ScalarType dtype, params long[] sizes)
    {
        foreach (var size in sizes)
        {
            var tensors = NewState(size, dtype);
            subject.Add(tensors);
            reference.Add(tensors.Select(t => t.clone()).ToArray());
        }
    }

    public double Lr { get; init; } = 1e-2;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Eps { get; init; } = 1e-8;
    public double WeightDecay { get; init; } = 0.1;
    public bool Amsgrad { get; init; }
    public bool Maximize { get; init; }
    public bool Decoupled { get; init; } = true;

    /// <summary>The subject's tensors of each parameter: parameter, grad, exp_avg, exp_avg_sq, max_exp_avg_sq.</summary>
    public IReadOnlyList<Tensor[]> Subject => subject;

    /// <summary>The reference's tensors, laid out like <see cref="Subject"/>.</summary>
    public IReadOnlyList<Tensor[]> Reference => reference;

    /// <summary>Draws new gradients (the same into both copies) and advances the step count.</summary>
    public void NextGradients()
    {
        step++;
        for (var i = 0; i < subject.Count; i++)
        {
            using var g = torch.randn(subject[i][1].shape, dtype: ScalarType.Float32, generator: generator).to(subject[i][1].dtype);
            subject[i][1].copy_(g);
            reference[i][1].copy_(g);
        }
    }

    public Fused.AdamTensors[] SubjectTensors() => [.. subject.Select(ToAdamTensors)];

    public void StepSubject() => Fused.AdamStep(SubjectTensors(), Lr, Beta1, Beta2, Eps, WeightDecay, Amsgrad, Maximize, Decoupled);

    public void StepReference()
    {
        foreach (var t in reference.Select(ToAdamTensors))
            AdamTensorOps.Step(t, Lr, Beta1, Beta2, Eps, WeightDecay, Amsgrad, Maximize, Decoupled);
    }

    /// <summary>The fused step's hyperparameters, as <see cref="Fused.AdamStep"/> gets them.</summary>
    public AdamFusedStep FusedStep() => new(Lr, Beta1, Beta2, Eps, WeightDecay, Amsgrad, Maximize, Decoupled);

    /// <summary>Asserts every tensor of the two copies agrees: max |a − b| ≤ 1e-6 · max |b| per tensor.</summary>
    public void AssertClose(string context)
    {
        string[] names = ["param", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"];
        int[] slots = [0, 2, 3, 4];
        for (var i = 0; i < subject.Count; i++)
        {
            for (var k = 0; k < slots.Length; k++)
            {
                if (slots[k] == 4 && !Amsgrad) continue;
                Agreement.AssertClose(subject[i][slots[k]], reference[i][slots[k]],
                    $"{context}: parameter {i} ({subject[i][0].numel()} elements) {names[k]}");
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in subject.Concat(reference).SelectMany(x => x)) t.Dispose();
        generator.Dispose();
    }

    private Fused.AdamTensors ToAdamTensors(Tensor[] t) => new(t[0], t[1], t[2], t[3], Amsgrad ? t[4] : null, step);

    private Tensor[] NewState(long size, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        Tensor[] state =
        [
            torch.randn([size], generator: generator).to(dtype),
            torch.zeros([size], dtype),
            torch.zeros([size], dtype),
            torch.zeros([size], dtype),
            torch.zeros([size], dtype),
        ];
        foreach (var t in state) t.MoveToOuterDisposeScope();
        return state;
    }
}
