using TorchSharp.Modules;
using AdamW = Training.Optim.AdamW;
using ParamGroup = Training.Optim.ParamGroup;
using static TorchSharp.torch;

namespace Training.Integrations.Tests.GaLore;

/// <summary>The registry entries: Transformers' handler groups, OptimArgs keys and the optim_target_modules errors.</summary>
public class GaLoreEntriesTests
{
    internal sealed class TwoLayers : nn.Module<Tensor, Tensor>
    {
        public TwoLayers() : base("TwoLayers")
        {
            register_module("attn", nn.Linear(6, 8));
            register_module("mlp", nn.Linear(8, 4));
            register_module("norm", nn.LayerNorm(4));
        }

        public override Tensor forward(Tensor input) => input;
    }

    internal sealed class SingleLinear : nn.Module<Tensor, Tensor>
    {
        public SingleLinear(nn.Module<Tensor, Tensor> layer) : base("SingleLinear") => register_module("proj", layer);

        public override Tensor forward(Tensor input) => input;
    }

    private static OptimizerDescriptor Entry(string name) => GaLoreEntries.All.Single(d => d.Name == name);

    internal static OptimizerRequest Request(nn.Module model, OptimTargetModules? targets, string? optimArgs = null) => new()
    {
        ParamGroups = [new ParamGroup(model.parameters(), new Dictionary<string, object?> { ["weight_decay"] = 0.1 })],
        LearningRate = 0.02,
        WeightDecay = 0.1,
        AdamEpsilon = 1e-8,
        OptimArgs = OptimArgs.Parse(optimArgs),
        Model = model,
        TargetModules = targets,
    };

    [TestCase("galore_adamw")]
    [TestCase("galore_adafactor")]
    public void GroupsAreNonTargetsThenTargetLinearWeightsWithTheLowRankKeys(string name)
    {
        using var scope = NewDisposeScope();
        using var model = new TwoLayers();
        using var optimizer = Entry(name).Factory(Request(model, OptimTargetModules.FromList(["attn"]), "rank=3, proj_type=reverse_std"), null!);
        var named = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        Assert.That(optimizer.ParamGroups, Has.Count.EqualTo(2));
        Assert.That(optimizer.ParamGroups[1].Parameters, Is.EqualTo(new[] { named["attn.weight"] }));
        Assert.That(optimizer.ParamGroups[0].Parameters, Is.EquivalentTo(named.Where(p => p.Key != "attn.weight").Select(p => p.Value)));
        var target = optimizer.ParamGroups[1];
        Assert.That((target["rank"], target["update_proj_gap"], target["scale"], target.GetValue("proj_type")), Is.EqualTo((3.0, 200.0, 0.25, (object)"reverse_std")));
        Assert.That(optimizer.ParamGroups[0].ContainsKey("rank"), Is.False);
        // Only lr reaches the constructor: Training:WeightDecay and AdamEpsilon do not.
        Assert.That(optimizer.ParamGroups.Select(g => (g.LearningRate, g["weight_decay"])), Is.All.EqualTo((0.02, 0.0)));
        if (name == "galore_adamw") Assert.That(optimizer.ParamGroups[0]["eps"], Is.EqualTo(1e-6));
        else Assert.That((optimizer.ParamGroups[0].GetFlag("scale_parameter"), optimizer.ParamGroups[0].GetFlag("relative_step")), Is.EqualTo((false, false)));
    }

    [TestCase("galore_adamw")]
    [TestCase("galore_adafactor")]
    public void MissingTargetModulesNamesTheSetting(string name)
    {
        using var scope = NewDisposeScope();
        using var model = new TwoLayers();
        var error = Assert.Throws<ArgumentException>(() => Entry(name).Factory(Request(model, null), null!));
        Assert.That(error!.Message, Does.Contain("Training:OptimTargetModules").And.Contain(name));
    }

    [Test]
    public void TargetsMatchingNoLinearModuleAreRejected()
    {
        using var scope = NewDisposeScope();
        using var model = new TwoLayers();
        var error = Assert.Throws<ArgumentException>(() => Entry("galore_adamw").Factory(Request(model, OptimTargetModules.FromPattern("q_proj")), null!));
        Assert.That(error!.Message, Does.Contain("No target modules found"));
        Assert.Throws<ArgumentException>(() => Entry("galore_adamw").Factory(Request(model, OptimTargetModules.FromPattern("norm")), null!));
    }

    [Test]
    public void ARequestWithoutAModelIsRejected()
    {
        using var scope = NewDisposeScope();
        using var model = new TwoLayers();
        var request = Request(model, OptimTargetModules.FromPattern("all-linear")) with { Model = null };
        var error = Assert.Throws<ArgumentException>(() => Entry("galore_adafactor").Factory(request, null!));
        Assert.That(error!.Message, Does.Contain("needs the model"));
    }

    [Test]
    public void InvalidLowRankArgumentsNameTheKey()
    {
        using var scope = NewDisposeScope();
        using var model = new TwoLayers();
        var targets = OptimTargetModules.FromPattern("all-linear");
        Assert.That(Assert.Throws<ArgumentBindingException>(() => Entry("galore_adamw").Factory(Request(model, targets, "proj_type=diagonal"), null!))!.Problems.Single().Key, Is.EqualTo("proj_type"));
        Assert.That(Assert.Throws<ArgumentBindingException>(() => Entry("galore_adamw").Factory(Request(model, targets, "rank=0"), null!))!.Problems.Single().Key, Is.EqualTo("rank"));
        Assert.That(Assert.Throws<ArgumentBindingException>(() => Entry("galore_adafactor").Factory(Request(model, targets, "update_proj_gap=0"), null!))!.Problems.Single().Key, Is.EqualTo("update_proj_gap"));
        Assert.That(Assert.Throws<ArgumentBindingException>(() => Entry("galore_adamw").Factory(Request(model, targets, "rank=high"), null!))!.Summary,
            Does.Contain("'rank' = 'high' is not an integer"));
    }

    [Test]
    public void AdafactorWithAManualLrAndRelativeStepIsRejected()
    {
        using var scope = NewDisposeScope();
        using var model = new TwoLayers();
        var groups = LowRankArguments.Groups(Request(model, OptimTargetModules.FromPattern("all-linear")), LowRankArguments.GaLore.Bind(OptimArgs.Empty), "test");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GaLoreAdafactor(groups, new AdafactorOptions { LearningRate = 0.01 }));
        Assert.That(error!.Message, Does.Contain("Cannot combine manual `lr` and `relative_step=True` options"));
    }
}
