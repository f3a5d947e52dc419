using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Training.Optim.Tests.Base;

public class GroupingTests
{
    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        public Block() : base("Block")
        {
            register_module("attn", nn.Linear(4, 4));
            register_module("ln", nn.LayerNorm(4));
            register_module("norm", nn.Linear(4, 4, hasBias: false));
            register_module("q_norm", nn.Linear(4, 4, hasBias: false));
            register_module("normalizer", nn.Linear(4, 4, hasBias: false));
            register_parameter("scale", new Parameter(ones(4)));
        }

        public override Tensor forward(Tensor input) => input;
    }

    private sealed class Model : nn.Module<Tensor, Tensor>
    {
        public Model() : base("Model")
        {
            register_module("embed", nn.Embedding(10, 4));
            register_module("blocks", nn.ModuleList(new Block(), new Block()));
            register_module("lm_head", nn.Linear(4, 10));
            register_parameter("attn_bias_proj", new Parameter(ones(4)));
        }

        public override Tensor forward(Tensor input) => input;
    }

    [Test]
    public void DecayNamesFollowTransformersRules()
    {
        using var scope = NewDisposeScope();
        using var model = new Model();
        var decay = DecayGrouping.GetDecayParameterNames(model);
        Assert.That(decay, Is.EquivalentTo(new[]
        {
            "embed.weight", "blocks.0.attn.weight", "blocks.0.normalizer.weight", "blocks.0.scale",
            "blocks.1.attn.weight", "blocks.1.normalizer.weight", "blocks.1.scale", "lm_head.weight",
        }), "biases, LayerNorm params, a 'norm' segment and '_norm' suffixes are excluded; 'normalizer' and embeddings decay");
    }

    [Test]
    public void DecayGroupsSplitTrainableParameters()
    {
        using var scope = NewDisposeScope();
        using var model = new Model();
        model.get_parameter("lm_head.bias")!.requires_grad = false;
        var groups = DecayGrouping.CreateGroups(model, 0.1);
        Assert.That(groups[0]["weight_decay"], Is.EqualTo(0.1));
        Assert.That(groups[1]["weight_decay"], Is.EqualTo(0.0));
        Assert.That(groups[0].Parameters.Count, Is.EqualTo(8));
        Assert.That(groups[1].Parameters.Count, Is.EqualTo(model.parameters().Count() - 8 - 1), "frozen parameters are left out");
    }

    [Test]
    public void LayerwiseRulesScaleTheLearningRate()
    {
        using var scope = NewDisposeScope();
        using var model = new Model();
        var groups = DecayGrouping.CreateLayerwiseGroups(model, 1e-3, 0.1, [("^lm_head", 10.0), ("^blocks\\.0\\.", 0.5)]);
        var head = groups.Single(g => g.LearningRate == 1e-2 && g["weight_decay"] == 0.1);
        Assert.That(head.Parameters, Has.Count.EqualTo(1));
        Assert.That(groups.Any(g => g.LearningRate == 5e-4 && g["weight_decay"] == 0.0), Is.True, "block 0's no-decay params");
        Assert.That(groups.Sum(g => g.Parameters.Count), Is.EqualTo(model.parameters().Count()));
    }

    [Test]
    public void TargetModulesMatchLikeTransformers()
    {
        var list = OptimTargetModules.FromList(["attn", "lm_head"]);
        var regex = OptimTargetModules.FromPattern(@"blocks\.\d+\.attn");
        Assert.Multiple(() =>
        {
            Assert.That(list.Match("lm_head"), Is.EqualTo((true, false)), "exact name");
            Assert.That(list.Match("blocks.0.attn"), Is.EqualTo((true, false)), "substring");
            Assert.That(OptimTargetModules.FromList([@".*\.norm"]).Match("blocks.1.norm"), Is.EqualTo((true, true)), "regex in a list");
            Assert.That(regex.Match("blocks.3.attn"), Is.EqualTo((true, true)));
            Assert.That(regex.Match("blocks.3.attn.x"), Is.EqualTo((false, true)), "a single pattern must match the whole name");
            Assert.That(OptimTargetModules.FromPattern("all_linear").IsAllLinear, Is.True);
        });
    }

    [Test]
    public void TargetSplitTakesLinearWeightsOnly()
    {
        using var scope = NewDisposeScope();
        using var model = new Model();
        var warnings = new List<string>();
        var (others, targets) = OptimTargetModules.FromList(["attn", "ln"]).Split(model, warnings.Add);
        Assert.That(targets, Has.Count.EqualTo(2), "the two attn weights; biases stay normal");
        Assert.That(others.Count + targets.Count, Is.EqualTo(model.parameters().Count()));
        Assert.That(warnings, Has.Count.EqualTo(2).And.All.Contain("not a Linear"));
        var (_, all) = OptimTargetModules.FromPattern("all-linear").Split(model);
        Assert.That(all, Has.Count.EqualTo(9));
        var e = Assert.Throws<ArgumentException>(() => OptimTargetModules.FromList(["nothing_like_this"]).Split(model));
        Assert.That(e!.Message, Does.Contain("No target modules found"));
    }
}
