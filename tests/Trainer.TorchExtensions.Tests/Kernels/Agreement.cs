namespace Training.TorchExtensions.Tests.Kernels;

/// <summary>How the kernel tests compare a tensor with its reference.</summary>
internal static class Agreement
{
    /// <summary>Asserts max |actual − expected| ≤ 1e-6 · max |expected|: float32 rounding of a few operations per step.</summary>
    public static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        using var scope = NewDisposeScope();
        var a = actual.to(ScalarType.Float64);
        var b = expected.to(ScalarType.Float64);
        var error = (a - b).abs().max().item<double>();
        var scale = b.abs().max().item<double>();
        Assert.That(error, Is.LessThanOrEqualTo(1e-6 * scale), $"{what}: max error {error:E3}, scale {scale:E3}");
    }
}
