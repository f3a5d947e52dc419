namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>A <see cref="KernelCase{TTensors, TKernel, TStep}"/> seen without its optimizer's types.</summary>
internal interface IKernelCase : IDisposable
{
    /// <summary>Draws new gradients (the same into both copies) and advances the step count.</summary>
    void NextGradients();

    /// <summary>The subject through the fused driver (kernel where it applies, tensor ops elsewhere).</summary>
    void StepSubject();

    /// <summary>The subject through the kernel only, with <paramref name="vectorBits"/>-bit vectors.</summary>
    void StepSubjectWithKernel(int vectorBits);

    /// <summary>The reference copy through the tensor-op path.</summary>
    void StepReference();

    /// <summary>Asserts both copies agree within float rounding.</summary>
    void AssertClose(string context);

    /// <summary>Whether every subject parameter would take the kernel.</summary>
    bool AllTakeKernel();

    /// <summary>Whether any subject parameter would take the kernel.</summary>
    bool AnyTakesKernel();

    /// <summary>The subject's parameter number <paramref name="index"/>.</summary>
    Tensor Parameter(int index);
}
