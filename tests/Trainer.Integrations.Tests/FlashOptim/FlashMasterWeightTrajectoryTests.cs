using Training.TorchExtensions;
namespace Training.Integrations.Tests.FlashOptim;

/// <summary>
/// The point of master-weight error bits: a bf16 parameter plus int8 ECC follows the float32 AdamW trajectory,
/// while plain bf16 (master_weight_bits=None) loses every update smaller than half a bf16 ULP.
/// </summary>
public class FlashMasterWeightTrajectoryTests
{
    private const int Steps = 200;

    private static double MaxErrorAgainstFloat32(int? masterWeightBits)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(5);
        // Initial values and gradients exactly representable in bf16, so every run sees identical inputs.
        var initial = torch.randn([16, 16], generator: generator).to(ScalarType.BFloat16).to(ScalarType.Float32);
        var reference = initial.clone().requires_grad_();
        var narrow = initial.to(ScalarType.BFloat16).requires_grad_();
        var options = new FlashAdamWOptions { LearningRate = 1e-4, WeightDecay = 0 };
        using var fp32 = new FlashAdamW([reference], options with { MasterWeightBits = null });
        using var bf16 = new FlashAdamW([narrow], options with { MasterWeightBits = masterWeightBits });
        for (var t = 0; t < Steps; t++)
        {
            using var stepScope = torch.NewDisposeScope();
            var g = torch.randn([16, 16], generator: generator).to(ScalarType.BFloat16);
            reference.grad = g.to(ScalarType.Float32);
            narrow.grad = g;
            fp32.Step();
            bf16.Step();
        }

        var errorBits = bf16.GetState(narrow)!.TryTensor(FlashOptimizer.ErrorBits);
        Assert.That(errorBits is null, Is.EqualTo(masterWeightBits is null), "error bits exist exactly when master weights are on");
        var master = errorBits is null ? narrow.detach().to(ScalarType.Float32) : MasterWeightCorrection.Reconstruct(narrow.detach(), errorBits);
        return master.sub(reference.detach()).abs().max().to(ScalarType.Float64).ReadDouble();
    }

    [Test]
    public void Int8_error_bits_track_float32_AdamW_far_better_than_plain_bf16()
    {
        var withEcc = MaxErrorAgainstFloat32(24);
        var plain = MaxErrorAgainstFloat32(null);
        TestContext.Out.WriteLine($"max |master - fp32|: ECC24 {withEcc:G4}, bf16 only {plain:G4}");
        Assert.That(plain, Is.GreaterThan(0));
        Assert.That(withEcc * 10, Is.LessThanOrEqualTo(plain));
    }

    [Test]
    public void Int16_error_bits_are_at_least_as_close_as_int8()
    {
        var int8 = MaxErrorAgainstFloat32(24);
        var int16 = MaxErrorAgainstFloat32(32);
        Assert.That(int16, Is.LessThanOrEqualTo(int8));
    }
}
