namespace Training.Optim.Tests.Base;

/// <summary>An optimizer keeps its own copy of each group: the caller's group is never written to.</summary>
public class ParamGroupOwnershipTests
{
    [Test]
    public void TheCallersGroupGetsNeitherDefaultsNorLaterChanges()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.zeros(3).requires_grad_();
        var group = new ParamGroup([weight], new Dictionary<string, object?> { ["lr"] = 0.1 });
        using var optimizer = new AdamW([group], new AdamWOptions());
        optimizer.ParamGroups[0].LearningRate = 0.5;
        Assert.Multiple(() =>
        {
            Assert.That(group.Keys, Is.EqualTo(new[] { "lr" }), "no defaults were filled into the caller's group");
            Assert.That(group.LearningRate, Is.EqualTo(0.1), "the optimizer's learning-rate change stayed in its copy");
            Assert.That(optimizer.ParamGroups[0].ContainsKey("weight_decay"), Is.True, "the optimizer's copy has the defaults");
            Assert.That(optimizer.ParamGroups[0].Parameters[0], Is.SameAs(weight), "the parameters themselves are shared");
        });
    }

    [Test]
    public void OneGroupCanSeedTwoOptimizers()
    {
        using var scope = torch.NewDisposeScope();
        var group = new ParamGroup([torch.zeros(3).requires_grad_()], new Dictionary<string, object?> { ["lr"] = 0.1 });
        using var first = new AdamW([group], new AdamWOptions { WeightDecay = 0.3 });
        using var second = new AdamW([group], new AdamWOptions { WeightDecay = 0.7 });
        Assert.That(second.ParamGroups[0]["weight_decay"], Is.EqualTo(0.7), "the first optimizer's default did not leak into the second");
    }
}
