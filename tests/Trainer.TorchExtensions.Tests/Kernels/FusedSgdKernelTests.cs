using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>The SGD kernel of <see cref="Fused.SgdStep"/> against its tensor-op path.</summary>
public class FusedSgdKernelTests : FusedKernelContract
{
    private protected override IReadOnlyList<(string Name, Func<ScalarType, long[], IKernelCase> Create)> Configurations { get; } =
    [
        ("plain", Case(new SgdFusedStep(1e-2, 0, 0, 0, false, false))),
        ("weight decay, maximize", Case(new SgdFusedStep(1e-2, 0, 0, 0.05, false, true))),
        ("momentum, weight decay", Case(new SgdFusedStep(1e-2, 0.9, 0, 0.01, false, false))),
        ("momentum, dampening, maximize", Case(new SgdFusedStep(1e-2, 0.9, 0.1, 0, false, true))),
        ("nesterov, weight decay", Case(new SgdFusedStep(1e-2, 0.9, 0, 0.01, true, false))),
    ];

    // The buffer starts as NaN: the first step must write it whole (torch clones it from the direction then).
    private static Func<ScalarType, long[], IKernelCase> Case(SgdFusedStep step) => (dtype, sizes) =>
        new KernelCase<Fused.SgdTensors, SgdKernel, SgdFusedStep>(step, 1, step.Momentum != 0 ? float.NaN : 0,
            (t, s) => new Fused.SgdTensors(t[0], t[1], t[2], InitializeBuffer: s == 1), dtype, sizes);
}
