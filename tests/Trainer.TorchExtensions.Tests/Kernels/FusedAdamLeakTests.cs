using Training.TorchExtensions;

namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>A fused step leaves no tensor behind on either path.</summary>
public class FusedAdamLeakTests
{
    [TestCase(ScalarType.Float32)]
    [TestCase(ScalarType.Float64)]
    public void Live_tensor_count_returns_to_its_baseline(ScalarType dtype)
    {
        using var c = new AdamCase(dtype, 17, 65537, 200_000) { Amsgrad = true, Maximize = true };
        c.NextGradients();
        var tensors = c.SubjectTensors();
        c.StepSubject(); // first call: anything created once (lazily) is not a leak
        var baseline = LiveTensors.SettledCount();
        for (var s = 0; s < 3; s++) Fused.AdamStep(tensors, 1e-3, 0.9, 0.999, 1e-8, 0.01, true, true, false);
        Assert.That(torch.Tensor.TotalCount, Is.EqualTo(baseline));
    }
}
