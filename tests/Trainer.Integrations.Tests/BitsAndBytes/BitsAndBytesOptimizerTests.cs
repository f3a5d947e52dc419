using Training.Integrations.Tests.Support;
using TorchSharp.Modules;
using Training.TorchExtensions;
using AdamW = Training.Optim.AdamW;
using ParamGroup = Training.Optim.ParamGroup;

namespace Training.Integrations.Tests.BitsAndBytes;

/// <summary>bitsandbytes-style AdamW / Lion beyond the golden trajectories: memory, fallbacks, overrides, resume, registry.</summary>
public class BitsAndBytesOptimizerTests
{
    [Test]
    public void EightBitAdamW_HoldsAboutTwoBytesPerParameter()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var weight = torch.randn([256, 1024]).requires_grad_();
        var numel = weight.numel();
        using var eightBit = new BitsAndBytesAdamW([weight], new BitsAndBytesAdamWOptions { OptimBits = 8 });
        using var fullPrecision = new BitsAndBytesAdamW([weight.detach().clone().requires_grad_()], new BitsAndBytesAdamWOptions { OptimBits = 32 });
        eightBit.Preinitialize();
        fullPrecision.Preinitialize();

        var perParameter = (double)eightBit.StateBytes() / numel;
        Assert.That(perParameter, Is.LessThan(2.1));
        Assert.That(perParameter, Is.EqualTo(BitsAndBytesEntries.AdamW8BitBytes).Within(1e-12));
        Assert.That((double)fullPrecision.StateBytes() / numel, Is.EqualTo(8.0));
    }

    [Test]
    public void SmallTensors_KeepFloat32State()
    {
        using var scope = torch.NewDisposeScope();
        var small = torch.randn([63, 65]).requires_grad_(); // 4095 elements < min_8bit_size
        var large = torch.randn([64, 64]).requires_grad_(); // 4096 elements
        using var optimizer = new BitsAndBytesAdamW([small, large], new BitsAndBytesAdamWOptions { OptimBits = 8 });
        optimizer.Preinitialize();
        Assert.That(optimizer.GetState(small)!.Tensor("state1").dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(optimizer.GetState(small)!.Contains("absmax1"), Is.False);
        Assert.That(optimizer.GetState(large)!.Tensor("state1").dtype, Is.EqualTo(ScalarType.Byte));
        Assert.That(optimizer.GetState(large)!.Tensor("absmax2").shape, Is.EqualTo(new long[] { 16 }));
    }

    [Test]
    public void ThirtyTwoBitUpdate_AgreesWithTorchAdamW()
    {
        // bitsandbytes' 32-bit CPU kernel is AdamW with ε scaled by √(1−β2^t) and the decay first, as torch's AdamW.
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var start = torch.randn([40, 30]);
        var ours = start.clone().requires_grad_();
        var reference = start.clone().requires_grad_();
        using var bnb = new BitsAndBytesAdamW([ours], new BitsAndBytesAdamWOptions { LearningRate = 1e-2, WeightDecay = 0.1 });
        using var adamw = new AdamW([reference], new AdamWOptions { LearningRate = 1e-2, WeightDecay = 0.1 });
        for (var step = 0; step < 10; step++)
        {
            var gradient = torch.randn([40, 30]);
            ours.grad = gradient;
            reference.grad = gradient.clone();
            bnb.Step();
            adamw.Step();
        }

        var difference = ours.sub(reference).abs().max().ReadSingle();
        Assert.That(difference, Is.LessThan(2e-6));
    }

    [Test]
    public void EightBitUpdate_TracksFloat32Update()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(6);
        var start = torch.randn([64, 128]);
        var eight = start.clone().requires_grad_();
        var full = start.clone().requires_grad_();
        using var a = new BitsAndBytesAdamW([eight], new BitsAndBytesAdamWOptions { LearningRate = 1e-3, OptimBits = 8 });
        using var b = new BitsAndBytesAdamW([full], new BitsAndBytesAdamWOptions { LearningRate = 1e-3, OptimBits = 32 });
        for (var step = 0; step < 5; step++)
        {
            var gradient = torch.randn([64, 128]);
            eight.grad = gradient;
            full.grad = gradient.clone();
            a.Step();
            b.Step();
        }

        var moved = full.sub(start).abs().mean().ReadSingle();
        var error = eight.sub(full).abs().mean().ReadSingle();
        Assert.That(error, Is.LessThan(0.05 * moved), "8-bit moments stay close to the fp32 trajectory");
        Assert.That(a.GetState(eight)!.Integer("step"), Is.EqualTo(5));
    }

    [Test]
    public void PublicUpdate_OnAStandaloneTensor_MatchesTheOptimizer()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(8);
        var start = torch.randn([80, 64]);
        var viaOptimizer = start.clone().requires_grad_();
        var standalone = start.clone();
        using var optimizer = new BitsAndBytesAdamW([viaOptimizer], new BitsAndBytesAdamWOptions { LearningRate = 1e-2, OptimBits = 8 });
        using var state = new ParameterState();
        var settings = new BitsAndBytesAdamSettings(1e-2, 0.9, 0.999, 1e-8, 1e-2, OptimBits: 8);
        for (var step = 0; step < 3; step++)
        {
            var gradient = torch.randn([80, 64]);
            viaOptimizer.grad = gradient;
            optimizer.Step();
            BitsAndBytesAdamUpdate.Apply(standalone, gradient, state, settings);
        }

        Assert.That(standalone.ValuesEqual(viaOptimizer.detach()), Is.True);
        Assert.That(state.Tensor("state1").ValuesEqual(optimizer.GetState(viaOptimizer)!.Tensor("state1")), Is.True);
        Assert.That(state.Integer("step"), Is.EqualTo(3));
    }

    [TestCase(8, false)]
    [TestCase(8, true)]
    [TestCase(32, true)]
    public void StateDict_RoundTripContinuesIdentically(int bits, bool viaFile)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(9);
        var start = torch.randn([64, 96]);
        var original = start.clone().requires_grad_();
        var resumed = start.clone().requires_grad_();
        var gradients = Enumerable.Range(0, 6).Select(_ => torch.randn([64, 96])).ToList();
        using var first = new BitsAndBytesLion([original], new BitsAndBytesLionOptions { LearningRate = 1e-3, WeightDecay = 0.1, OptimBits = bits });
        using var second = new BitsAndBytesLion([resumed], new BitsAndBytesLionOptions { OptimBits = bits });
        for (var t = 0; t < 3; t++)
        {
            original.grad = gradients[t];
            first.Step();
        }

        using (torch.no_grad()) resumed.copy_(original);
        StateTransfer.Copy(first, second, viaFile);

        for (var t = 3; t < 6; t++)
        {
            original.grad = gradients[t];
            resumed.grad = gradients[t].clone();
            first.Step();
            second.Step();
        }

        Assert.That(resumed.ValuesEqual(original), Is.True);
        Assert.That(second.GetState(resumed)!.Integer("step"), Is.EqualTo(6));
        Assert.That(second.ParamGroups[0]["weight_decay"], Is.EqualTo(0.1));
    }

    [Test]
    public void StateDict_KeepsFloat32StateOfBFloat16Parameters()
    {
        using var scope = torch.NewDisposeScope();
        var parameter = torch.randn([10, 10]).to(ScalarType.BFloat16).requires_grad_();
        var copy = parameter.detach().clone().requires_grad_();
        using var first = new BitsAndBytesAdamW([parameter]);
        using var second = new BitsAndBytesAdamW([copy]);
        parameter.grad = torch.randn([10, 10]).to(ScalarType.BFloat16);
        first.Step();
        second.LoadStateDict(first.StateDict());
        var restored = second.GetState(copy)!.Tensor("state2");
        Assert.That(restored.dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(restored.ValuesEqual(first.GetState(parameter)!.Tensor("state2")), Is.True);
    }

    [Test]
    public void StateDict_FromBitsAndBytes_DropsPerParameterMaps()
    {
        using var scope = torch.NewDisposeScope();
        var parameter = torch.randn([64, 64]).requires_grad_();
        var copy = parameter.detach().clone().requires_grad_();
        using var first = new BitsAndBytesAdamW([parameter], new BitsAndBytesAdamWOptions { OptimBits = 8 });
        using var second = new BitsAndBytesAdamW([copy], new BitsAndBytesAdamWOptions { OptimBits = 8 });
        parameter.grad = torch.randn([64, 64]);
        first.Step();
        var saved = first.StateDict();
        // bitsandbytes keeps qmap1/qmap2 in every parameter's state.
        var entries = (OrderedDictionary<object, object?>)((OrderedDictionary<object, object?>)saved["state"]!)[0L]!;
        entries["qmap1"] = torch.tensor(DynamicQuantizationMap.Signed.ToArray());
        entries["qmap2"] = torch.tensor(DynamicQuantizationMap.Unsigned.ToArray());
        second.LoadStateDict(saved);
        var state = second.GetState(copy)!;
        Assert.That(state.Entries.Select(e => e.Key), Is.EqualTo(new[] { "step", "state1", "state2", "absmax1", "absmax2" }));
        Assert.That(second.StateBytes(), Is.EqualTo(first.StateBytes()));
    }

    [Test]
    public void InvalidHyperparameters_AreRejected()
    {
        using var scope = torch.NewDisposeScope();
        var p = torch.zeros(3).requires_grad_();
        var bits = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BitsAndBytesAdamW([p], new BitsAndBytesAdamWOptions { OptimBits = 16 }));
        Assert.That(bits!.ParamName, Is.EqualTo("optim_bits"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BitsAndBytesAdamW([p], new BitsAndBytesAdamWOptions { Min8BitSize = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BitsAndBytesAdamW([p], new BitsAndBytesAdamWOptions { Eps = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BitsAndBytesLion([p], new BitsAndBytesLionOptions { Beta2 = 1.0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BitsAndBytesLion([p], new BitsAndBytesLionOptions { LearningRate = -1e-3 }));
    }

    [Test]
    public void Registry_HasTransformersNamesAndStateSizes()
    {
        var expected = new Dictionary<string, double>
        {
            ["adamw_8bit"] = 2.03125, ["adamw_bnb_8bit"] = 2.03125, ["paged_adamw_8bit"] = 2.03125, ["paged_adamw_32bit"] = 8,
            ["lion_8bit"] = 1 + 4.0 / 256, ["lion_32bit"] = 4, ["paged_lion_8bit"] = 1 + 4.0 / 256, ["paged_lion_32bit"] = 4,
        };
        var entries = BitsAndBytesEntries.All.ToDictionary(e => e.Name);
        Assert.That(entries.Keys, Is.EquivalentTo(expected.Keys));
        foreach (var (name, bytes) in expected) Assert.That(entries[name].StateBytesPerParameter, Is.EqualTo(bytes), name);
        Assert.That(IntegrationOptimizers.All.Select(e => e.Name), Is.SupersetOf(expected.Keys));
    }

    [TestCase("adamw_8bit", "AdamW8bit")]
    [TestCase("paged_adamw_32bit", "AdamW32bit")]
    [TestCase("lion_8bit", "Lion8bit")]
    [TestCase("paged_lion_32bit", "Lion32bit")]
    public void Registry_BuildsFromTrainerRequest_WithEmbeddingsInThirtyTwoBit(string name, string optimizerName)
    {
        using var scope = torch.NewDisposeScope();
        using var model = new EmbeddingModel();
        var embedding = model.Embedding.weight!;
        var linear = model.Projection.weight;
        var request = new OptimizerRequest
        {
            ParamGroups = [new ParamGroup([embedding, linear], new Dictionary<string, object?> { ["weight_decay"] = 0.01 }),
                           new ParamGroup([model.Projection.bias!], new Dictionary<string, object?> { ["weight_decay"] = 0.0 })],
            LearningRate = 3e-4, AdamBeta1 = 0.8, AdamBeta2 = 0.95, AdamEpsilon = 1e-7, Model = model,
        };
        using var optimizer = BitsAndBytesEntries.All.Single(e => e.Name == name).Factory(request, null!);
        optimizer.Preinitialize();

        Assert.That(optimizer.Name, Is.EqualTo(optimizerName));
        Assert.That(optimizer.ParamGroups[0].LearningRate, Is.EqualTo(3e-4));
        Assert.That(optimizer.ParamGroups[0].GetPair("betas"), Is.EqualTo((0.8, 0.95)));
        Assert.That(optimizer.ParamGroups[0]["weight_decay"], Is.EqualTo(0.01));
        Assert.That(optimizer.ParamGroups[1]["weight_decay"], Is.EqualTo(0.0));
        if (name.StartsWith("adamw", StringComparison.Ordinal) || name.StartsWith("paged_adamw", StringComparison.Ordinal))
            Assert.That(optimizer.ParamGroups[0]["eps"], Is.EqualTo(1e-7));
        var eightBit = name.Contains("8bit", StringComparison.Ordinal);
        Assert.That(optimizer.GetState(embedding)!.Tensor("state1").dtype, Is.EqualTo(ScalarType.Float32), "Embedding weights keep 32-bit state");
        Assert.That(optimizer.GetState(linear)!.Tensor("state1").dtype, Is.EqualTo(eightBit ? ScalarType.Byte : ScalarType.Float32));
        Assert.That(request.ParamGroups[0].Options.ContainsKey("lr"), Is.False, "the Trainer's groups are not modified");
    }

    private sealed class EmbeddingModel : torch.nn.Module<Tensor, Tensor>
    {
        public EmbeddingModel() : base(nameof(EmbeddingModel))
        {
            Embedding = torch.nn.Embedding(50, 100);
            Projection = torch.nn.Linear(100, 64);
            register_module("embed", Embedding);
            register_module("proj", Projection);
        }

        public Embedding Embedding { get; }

        public Linear Projection { get; }

        public override Tensor forward(Tensor input) => Projection.forward(Embedding.forward(input));
    }
}
