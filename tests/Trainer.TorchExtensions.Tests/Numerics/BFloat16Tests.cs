namespace Training.TorchExtensions.Tests.Numerics;

/// <summary>
/// TorchSharp 0.107's own <see cref="TorchSharp.BFloat16"/> replaced ours: its managed conversion must round as
/// libtorch's does (to nearest, ties to even) and it must read bfloat16 tensors element by element.
/// </summary>
public class BFloat16Tests
{
    [Test]
    public void ManagedConversionRoundsLikeLibtorch()
    {
        using var scope = NewDisposeScope();
        // Exact ties (1 + 2^-8 rounds down to even, 1 + 3 * 2^-8 up), values either side of them, extremes and signs.
        var special = new[] { 1f + (1f / 256), 1f + (3f / 256), 1f + (1f / 256) + (1f / 65536), 3.14159265f, -2.5e-39f, 3.3e38f, -0f, float.PositiveInfinity, 1e-45f };
        var random = randn(4096, generator: new Generator(7)).mul(Scalars.Keep(1e3)).ToArray<float>();
        var values = special.Concat(random).ToArray();

        var byLibtorch = tensor(values).to(ScalarType.BFloat16).ToArray<BFloat16>();

        Assert.That(values.Select(v => new BFloat16(v).ToSingle()), Is.EqualTo(byLibtorch.Select(b => b.ToSingle())));
        Assert.That(new BFloat16(3.14159265f).ToSingle(), Is.EqualTo(3.140625f));
        Assert.That(BFloat16.IsNaN(new BFloat16(float.NaN)), Is.True);
    }
}
