using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>The RMSprop kernel of <see cref="Fused.RmsPropStep"/> against its tensor-op path.</summary>
public class FusedRmsPropKernelTests : FusedKernelContract
{
    private protected override IReadOnlyList<(string Name, Func<ScalarType, long[], IKernelCase> Create)> Configurations { get; } =
    [
        ("plain", Case(new RmsPropFusedStep(1e-2, 0.99, 1e-8, 0, 0, false, false))),
        ("centered", Case(new RmsPropFusedStep(1e-2, 0.9, 1e-8, 0, 0, true, false))),
        ("momentum, weight decay", Case(new RmsPropFusedStep(1e-2, 0.99, 1e-6, 0.01, 0.9, false, false))),
        ("centered, momentum, weight decay, maximize", Case(new RmsPropFusedStep(1e-2, 0.95, 1e-8, 0.05, 0.5, true, true))),
    ];

    // square_avg, grad_avg and momentum_buffer are always there; the step ignores those its configuration does not use.
    private static Func<ScalarType, long[], IKernelCase> Case(RmsPropFusedStep step) => (dtype, sizes) =>
        new KernelCase<Fused.RmsPropTensors, RmsPropKernel, RmsPropFusedStep>(step, 3, 0,
            (t, _) => new Fused.RmsPropTensors(t[0], t[1], t[2], t[3], t[4]), dtype, sizes);
}
