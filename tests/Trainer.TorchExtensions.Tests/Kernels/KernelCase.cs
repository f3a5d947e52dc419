using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>
/// One optimizer configuration (<typeparamref name="TStep"/>) and a set of parameters in two copies, each a parameter,
/// its gradient and its state tensors: one stepped by the code under test, one by the configuration's tensor-op path,
/// fed the same gradients each step.
/// </summary>
internal sealed class KernelCase<TTensors, TKernel, TStep> : IKernelCase
    where TKernel : struct, ICpuKernel
    where TStep : struct, IFusedStep<TTensors, TKernel>
{
    private readonly List<Tensor[]> subject = [];
    private readonly List<Tensor[]> reference = [];
    private readonly Generator generator = new(4321);
    private readonly TStep step;
    private readonly Func<Tensor[], double, TTensors> view;

    /// <param name="step">The configuration.</param>
    /// <param name="stateTensors">State tensors per parameter, after the parameter and its gradient.</param>
    /// <param name="initialState">The state tensors' first value (Adagrad's initial_accumulator_value; 0 for most).</param>
    /// <param name="view">The optimizer's tensors from [parameter, gradient, state...] at a step number.</param>
    /// <param name="dtype">Element type of every tensor.</param>
    /// <param name="sizes">Element count of each parameter.</param>
    public KernelCase(TStep step, int stateTensors, float initialState, Func<Tensor[], double, TTensors> view, ScalarType dtype,
        params long[] sizes)
    {
        this.step = step;
        this.view = view;
        foreach (var size in sizes)
        {
            using var scope = NewDisposeScope();
            Tensor[] tensors = [torch.randn([size], generator: generator).to(dtype), torch.zeros([size], dtype),
                .. Enumerable.Range(0, stateTensors).Select(_ => torch.full([size], Scalars.Keep(initialState), dtype))];
            foreach (var t in tensors) t.MoveToOuterDisposeScope();
            subject.Add(tensors);
            reference.Add([.. tensors.Select(t => t.clone().MoveToOuterDisposeScope())]);
        }
    }

    /// <summary>The step number of the last <see cref="NextGradients"/> (1 for the first).</summary>
    public double Step { get; private set; }

    /// <summary>The subject's tensors as the fused step takes them.</summary>
    public TTensors[] SubjectTensors() => [.. subject.Select(t => view(t, Step))];

    /// <summary>Draws new gradients (the same into both copies) and advances the step count.</summary>
    public void NextGradients()
    {
        Step++;
        for (var i = 0; i < subject.Count; i++)
        {
            using var g = torch.randn(subject[i][1].shape, generator: generator).to(subject[i][1].dtype);
            subject[i][1].copy_(g);
            reference[i][1].copy_(g);
        }
    }

    /// <summary>The subject through the public driver (kernel where it applies, tensor ops elsewhere).</summary>
    public void StepSubject() => FusedSteps.Run<TTensors, TKernel, TStep>(SubjectTensors(), step);

    /// <summary>The subject through the kernel only, with <paramref name="vectorBits"/>-bit vectors; every tensor must qualify.</summary>
    public void StepSubjectWithKernel(int vectorBits)
    {
        foreach (var t in SubjectTensors())
        {
            Assert.That(step.TryCreateKernel(t, out var kernel), Is.True, "these tensors must take the kernel");
            CpuKernels.RunRange(kernel, 0, kernel.Length, vectorBits);
        }
    }

    public bool AllTakeKernel() => SubjectTensors().All(t => step.TryCreateKernel(t, out _));

    public bool AnyTakesKernel() => SubjectTensors().Any(t => step.TryCreateKernel(t, out _));

    public Tensor Parameter(int index) => subject[index][0];

    public void StepReference()
    {
        foreach (var t in reference) step.StepWithTensorOps(view(t, Step));
    }

    /// <summary>Asserts every tensor of the two copies agrees: max |a − b| ≤ 1e-6 · max |b| per tensor.</summary>
    public void AssertClose(string context)
    {
        for (var i = 0; i < subject.Count; i++)
        {
            for (var k = 0; k < subject[i].Length; k++)
            {
                if (k == 1) continue;
                Agreement.AssertClose(subject[i][k], reference[i][k], $"{context}: parameter {i} ({subject[i][0].numel()} elements) tensor {k}");
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in subject.Concat(reference).SelectMany(x => x)) t.Dispose();
        generator.Dispose();
    }
}
