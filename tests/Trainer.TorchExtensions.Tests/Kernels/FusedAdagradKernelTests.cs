using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>The Adagrad kernel of <see cref="Fused.AdagradStep"/> against its tensor-op path.</summary>
public class FusedAdagradKernelTests : FusedKernelContract
{
    private protected override IReadOnlyList<(string Name, Func<ScalarType, long[], IKernelCase> Create)> Configurations { get; } =
    [
        ("plain", Case(new AdagradFusedStep(0.1, 0, 0, 1e-10, false), 0)),
        ("lr decay, weight decay, initial accumulator", Case(new AdagradFusedStep(0.1, 0.01, 0.05, 1e-10, false), 0.1f)),
        ("maximize, large eps, initial accumulator", Case(new AdagradFusedStep(0.1, 0, 0, 1e-3, true), 0.5f)),
    ];

    // The sum starts at initial_accumulator_value, as Adagrad creates it.
    private static Func<ScalarType, long[], IKernelCase> Case(AdagradFusedStep step, float initialAccumulator) => (dtype, sizes) =>
        new KernelCase<Fused.AdagradTensors, AdagradKernel, AdagradFusedStep>(step, 1, initialAccumulator,
            (t, s) => new Fused.AdagradTensors(t[0], t[1], t[2], s), dtype, sizes);
}
