using Training.Integrations.Tests.Support;
using static TorchSharp.torch;

namespace Training.Integrations.Tests.GaLore;

/// <summary>
/// State of the registry-built GaLore optimizers on a small model: a mid-run state dict (in memory and through a
/// torch.save file) resumes bit-identically across a basis refresh, no tensor outlives the optimizer, and the state
/// size matches the low-rank layout and the descriptors' bytes per parameter.
/// </summary>
[NonParallelizable]
public class GaLoreStateTests
{
    private const string Args = "rank=2, update_proj_gap=2, scale=0.5";

    private static OptimizerDescriptor Entry(string name) => GaLoreEntries.All.Single(d => d.Name == name);

    private static Optimizer Create(string name, nn.Module model, string args = Args) =>
        Entry(name).Factory(GaLoreEntriesTests.Request(model, OptimTargetModules.FromPattern("all-linear"), args), null!);

    // Deterministic gradients for step t, assigned fresh as a Trainer's backward would leave them.
    private static void SetGradients(nn.Module model, int step)
    {
        using var generator = new Generator((ulong)(1000 + step));
        foreach (var p in model.parameters())
        {
            using var g = randn(p.shape, generator: generator);
            p.grad = g;
        }
    }

    private static void CopyParameters(nn.Module from, nn.Module to)
    {
        using var noGrad = no_grad();
        foreach (var (source, target) in from.parameters().Zip(to.parameters())) target.copy_(source);
    }

    private static void Run(Optimizer optimizer, nn.Module model, int firstStep, int lastStep)
    {
        for (var t = firstStep; t <= lastStep; t++)
        {
            SetGradients(model, t);
            optimizer.Step();
        }
    }

    [TestCase("galore_adamw", false)]
    [TestCase("galore_adamw", true)]
    [TestCase("galore_adafactor", false)]
    [TestCase("galore_adafactor", true)]
    public void AMidRunStateDictResumesIdentically(string name, bool throughFile)
    {
        using var scope = NewDisposeScope();
        using var original = new GaLoreEntriesTests.TwoLayers();
        using var resumed = new GaLoreEntriesTests.TwoLayers();
        using var first = Create(name, original);
        Run(first, original, 1, 3);
        CopyParameters(original, resumed);
        using var second = Create(name, resumed);
        StateTransfer.Copy(first, second, throughFile);

        // Steps 4-7 include the refreshes at steps 5 and 7 (pre-increment step 4 and 6).
        Run(first, original, 4, 7);
        Run(second, resumed, 4, 7);
        foreach (var ((label, a), b) in original.named_parameters().Zip(resumed.parameters()))
            Assert.That(a.ValuesEqual(b), Is.True, $"{name}: {label} after resuming");
        var weight = original.named_parameters().Single(p => p.name == "attn.weight").parameter;
        var resumedWeight = resumed.named_parameters().Single(p => p.name == "attn.weight").parameter;
        Assert.That(second.GetState(resumedWeight)!.Tensor(GaLoreProjector.OrthoMatrix).ValuesEqual(first.GetState(weight)!.Tensor(GaLoreProjector.OrthoMatrix)), Is.True);
        Assert.That(second.GetState(resumedWeight)!.Integer("step"), Is.EqualTo(7));
    }

    [TestCase("galore_adamw")]
    [TestCase("galore_adafactor")]
    public void NoTensorOutlivesTheOptimizer(string name)
    {
        using var scope = NewDisposeScope();
        using var model = new GaLoreEntriesTests.TwoLayers();
        var baseline = LiveTensors.SettledCount();
        using (var optimizer = Create(name, model))
        {
            Run(optimizer, model, 1, 4);
            optimizer.ZeroGrad();
            var path = Path.Combine(Path.GetTempPath(), $"galore-{Guid.NewGuid():N}.pt");
            try
            {
                optimizer.SaveStateDict(path);
                optimizer.LoadStateDict(path);
            }
            finally
            {
                File.Delete(path);
            }
        }

        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline));
    }

    [Test]
    public void StateHoldsLowRankMomentsAndTheBasis()
    {
        using var scope = NewDisposeScope();
        using var model = new GaLoreEntriesTests.TwoLayers();
        using var adamw = Create("galore_adamw", model);
        Run(adamw, model, 1, 1);
        var named = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        // attn 8×6 → right (R 8×2, P 2×6); mlp 4×8 → left (R 2×8, P 4×2).
        Assert.That(adamw.GetState(named["attn.weight"])!.Tensor("exp_avg").shape, Is.EqualTo(new long[] { 8, 2 }));
        Assert.That(adamw.GetState(named["mlp.weight"])!.Tensor("exp_avg_sq").shape, Is.EqualTo(new long[] { 2, 8 }));
        Assert.That(adamw.GetState(named["mlp.weight"])!.Tensor(GaLoreProjector.OrthoMatrix).shape, Is.EqualTo(new long[] { 4, 2 }));
        // 4 bytes × (attn: 16+16+12, mlp: 16+16+8, biases and LayerNorm: 2×(8+4+4+4)).
        Assert.That(adamw.StateBytes(), Is.EqualTo(4 * (44 + 40 + 40)));
    }

    [TestCase("galore_adamw")]
    [TestCase("galore_adafactor")]
    public void StateBytesPerParameterDescribesALargeMatrixAtRankOneEighth(string name)
    {
        // 256×256 at rank 32 has the r/n ratio of the descriptor's 1024×1024 at rank 128.
        using var scope = NewDisposeScope();
        var layer = nn.Linear(256, 256, hasBias: false);
        using var model = new GaLoreEntriesTests.SingleLinear(layer);
        using var optimizer = Create(name, model, "rank=32");
        layer.weight!.grad = randn(256, 256);
        optimizer.Step();
        var perElement = (double)optimizer.StateBytes() / (256 * 256);
        var (m, n, r) = (256.0, 256.0, 32.0);
        var expected = name == "galore_adamw" ? (8 * m * r + 4 * r * n) / (m * n) : (4 * (m + r) + 4 * r * n) / (m * n);
        Assert.That(perElement, Is.EqualTo(expected).Within(1e-12));
        Assert.That(Entry(name).StateBytesPerParameter, Is.EqualTo(perElement).Within(0.03), "descriptor vs measured");
    }

    [Test]
    public void BFloat16AdafactorKeepsItsFloat32LowRankStateAcrossAResume()
    {
        using var scope = NewDisposeScope();
        using var weight = randn([8, 6], ScalarType.BFloat16).requires_grad_();
        using var copy = weight.detach().clone().requires_grad_();
        ParamGroup Group(Tensor p) => new([p], new Dictionary<string, object?> { ["rank"] = 2, ["update_proj_gap"] = 2, ["scale"] = 0.25, ["proj_type"] = "std" });
        var options = new AdafactorOptions { LearningRate = 0.01, RelativeStep = false, ScaleParameter = false, Beta1 = 0.9 };
        using var first = new GaLoreAdafactor([Group(weight)], options);
        using var second = new GaLoreAdafactor([Group(copy)], options);
        void Step(Optimizer optimizer, Tensor p, int t)
        {
            using var generator = new Generator((ulong)t);
            using var g = randn([8, 6], generator: generator).to(ScalarType.BFloat16);
            p.grad = g;
            optimizer.Step();
        }

        for (var t = 1; t <= 2; t++) Step(first, weight, t);
        using (no_grad()) copy.copy_(weight);
        var dict = first.StateDict();
        second.LoadStateDict(dict);
        foreach (var entries in ((OrderedDictionary<object, object?>)dict["state"]!).Values.Cast<OrderedDictionary<object, object?>>())
            if (entries.TryGetValue("RMS", out var rms) && rms is Tensor t) t.Dispose();
        var state = second.GetState(copy)!;
        Assert.That(new[] { "ortho_matrix", "exp_avg", "exp_avg_sq_row", "exp_avg_sq_col" }.Select(n => state.Tensor(n).dtype), Is.All.EqualTo(ScalarType.Float32));
        for (var t = 3; t <= 5; t++)
        {
            Step(first, weight, t);
            Step(second, copy, t);
        }

        Assert.That(copy.ValuesEqual(weight), Is.True);
    }
}
