using Training.Integrations.Tests.Support;
using System.Collections;
using Microsoft.Extensions.DependencyInjection;
using Training.TorchExtensions;

namespace Training.Integrations.Tests.FlashOptim;

/// <summary>Registry wiring, validation, state layout and state-dict round trips of the FlashOptim ports.</summary>
public class FlashOptimizerBehaviourTests
{
    private static readonly string[] Names = ["flash_adamw", "flash_adam", "flash_sgd", "flash_sgdw", "flash_lion"];

    private static Optimizer FromRegistry(string name, Tensor parameter, string optimArgs = "")
    {
        var descriptor = FlashOptimEntries.All.Single(d => d.Name == name);
        var request = new OptimizerRequest
        {
            ParamGroups = [new ParamGroup([parameter])], LearningRate = 1e-2, WeightDecay = 0.01, OptimArgs = OptimArgs.Parse(optimArgs),
        };
        using var services = new ServiceCollection().BuildServiceProvider();
        return descriptor.Factory(request, services);
    }

    [Test]
    public void Registry_lists_the_five_transformers_names_with_their_state_bytes()
    {
        var bytes = FlashOptimEntries.All.ToDictionary(d => d.Name, d => d.StateBytesPerParameter);
        Assert.That(bytes, Is.EqualTo(new Dictionary<string, double>
        {
            ["flash_adamw"] = 8, ["flash_adam"] = 8, ["flash_sgd"] = 0, ["flash_sgdw"] = 0, ["flash_lion"] = 4,
        }));
        Assert.That(IntegrationOptimizers.All.Select(d => d.Name), Is.SupersetOf(Names));
    }

    [TestCaseSource(nameof(Names))]
    public void Float32_models_get_no_error_bits(string name)
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.ones([4, 4]).requires_grad_();
        using var optimizer = FromRegistry(name, p, name.Contains("sgd", StringComparison.Ordinal) ? "momentum=0.9" : "");
        Assert.That(optimizer.ParamGroups[0].GetValue("master_weight_bits"), Is.Null);
        p.grad = torch.full([4, 4], Scalars.Keep(0.5), ScalarType.Float32);
        optimizer.Step();
        var state = optimizer.GetState(p)!;
        Assert.That(state.Contains(FlashOptimizer.ErrorBits), Is.False);
        // SGD runs here with momentum (4 bytes); the registry's figure is for its default, no momentum.
        var perParameter = name.Contains("sgd", StringComparison.Ordinal) ? 4 : FlashOptimEntries.All.Single(d => d.Name == name).StateBytesPerParameter;
        Assert.That(optimizer.StateBytes(), Is.EqualTo(perParameter * 16));
    }

    [TestCase("", ScalarType.Int8)]
    [TestCase("master_weight_bits=32", ScalarType.Int16)]
    public void Bf16_models_keep_error_bits(string optimArgs, ScalarType errorType)
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.ones([4, 4], ScalarType.BFloat16).requires_grad_();
        using var optimizer = FromRegistry("flash_adamw", p, optimArgs);
        p.grad = torch.full([4, 4], Scalars.Keep(0.5), ScalarType.BFloat16);
        optimizer.Step();
        var state = optimizer.GetState(p)!;
        Assert.That(state.Tensor(FlashOptimizer.ErrorBits).dtype, Is.EqualTo(errorType));
        Assert.That(state.Tensor("exp_avg").dtype, Is.EqualTo(ScalarType.BFloat16), "unquantised states are kept at the parameter dtype");
    }

    [Test]
    public void Master_weight_bits_none_disables_error_bits_for_bf16()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.ones([4, 4], ScalarType.BFloat16).requires_grad_();
        using var optimizer = FromRegistry("flash_adamw", p, "master_weight_bits=None");
        p.grad = torch.full([4, 4], Scalars.Keep(0.5), ScalarType.BFloat16);
        optimizer.Step();
        Assert.That(optimizer.GetState(p)!.Contains(FlashOptimizer.ErrorBits), Is.False);
    }

    [Test]
    public void Invalid_hyperparameters_are_rejected_naming_the_key()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.ones([2]).requires_grad_();
        Assert.That(() => new FlashAdamW([p], new FlashAdamWOptions { Quantize = true }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("quantize"));
        Assert.That(() => new FlashAdam([new ParamGroup([p], new Dictionary<string, object?> { ["master_weight_bits"] = 16.0 })]),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("master_weight_bits"));
        Assert.That(() => new FlashSgd([p], new FlashSgdOptions { Momentum = 0.9, Dampening = 0.1, Nesterov = true }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("nesterov"));
        Assert.That(() => new FlashLion([p], new FlashLionOptions { Beta1 = 1.5 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("betas"));
        Assert.That(() => new FlashAdam([p], new FlashAdamOptions { Eps = -1 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("eps"));
        Assert.That(() => new FlashSgdw([p], new FlashSgdwOptions { WeightDecay = -1 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("weight_decay"));
    }

    [Test]
    public void Sgd_momentum_starts_from_zero_with_dampening()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.zeros([3]).requires_grad_();
        using var optimizer = new FlashSgd([p], new FlashSgdOptions { LearningRate = 0.5, Momentum = 0.9, Dampening = 0.5 });
        p.grad = torch.ones([3]);
        optimizer.Step();
        // m = 0.9·0 + (1 − 0.5)·1 = 0.5 (torch.optim.SGD would start with m = g = 1).
        Assert.That(optimizer.GetState(p)!.Tensor("momentum_buffer").ToArray<float>(), Is.All.EqualTo(0.5f));
        Assert.That(p.detach().ToArray<float>(), Is.All.EqualTo(-0.25f));
    }

    [TestCase(ScalarType.BFloat16)]
    [TestCase(ScalarType.Float32)]
    public void State_dict_round_trip_continues_bit_identically(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        var init = torch.randn([5, 3], generator: generator).to(dtype);
        var grads = Enumerable.Range(0, 6).Select(_ => torch.randn([5, 3], generator: generator).to(dtype)).ToList();
        var a = init.clone().requires_grad_();
        var b = init.clone().requires_grad_();
        var options = new FlashAdamWOptions { LearningRate = 1e-3, MasterWeightBits = dtype == ScalarType.Float32 ? null : 24 };
        using var first = new FlashAdamW([a], options);
        for (var t = 0; t < 3; t++)
        {
            a.grad = grads[t];
            first.Step();
        }

        using (torch.no_grad()) b.copy_(a);
        using var second = new FlashAdamW([b], options);
        StateTransfer.Copy(first, second, viaFile: true);

        for (var t = 3; t < 6; t++)
        {
            a.grad = grads[t];
            b.grad = grads[t];
            first.Step();
            second.Step();
        }

        Assert.That(a.ValuesEqual(b), Is.True, "parameters");
        foreach (var (name, value) in first.GetState(a)!.Entries)
        {
            if (value is Tensor t) Assert.That(second.GetState(b)!.Tensor(name).ValuesEqual(t), Is.True, name);
            else Assert.That(second.GetState(b)!.Scalar(name), Is.EqualTo(first.GetState(a)!.Scalar(name)), name);
        }
    }
}
