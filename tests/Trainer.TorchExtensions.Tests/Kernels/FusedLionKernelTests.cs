using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>The Lion kernel of <see cref="Fused.LionStep"/> against its tensor-op path.</summary>
public class FusedLionKernelTests : FusedKernelContract
{
    private protected override IReadOnlyList<(string Name, Func<ScalarType, long[], IKernelCase> Create)> Configurations { get; } =
    [
        ("no decay", Case(new LionFusedStep(1e-2, 0.9, 0.99, 0))),
        ("decoupled decay, other betas", Case(new LionFusedStep(1e-2, 0.95, 0.98, 0.1))),
    ];

    private static Func<ScalarType, long[], IKernelCase> Case(LionFusedStep step) => (dtype, sizes) =>
        new KernelCase<Fused.LionTensors, LionKernel, LionFusedStep>(step, 1, 0,
            (t, _) => new Fused.LionTensors(t[0], t[1], t[2]), dtype, sizes);
}
