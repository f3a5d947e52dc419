namespace Training.Optim.Tests.Arguments;

/// <summary>Binding against a declared schema: typed values, every problem in one error with the closest key, unknown-key policies, rules shared with group validation.</summary>
public sealed class ArgumentSchemaTests
{
    private static readonly ArgumentSchema LowRank = new("apollo_adamw",
    [
        new ArgumentSpec("rank", ArgumentKind.Integer) { Default = 128L, Rule = ArgumentRule.Positive },
        new ArgumentSpec("scale_type", ArgumentKind.Text) { Default = "channel", Rule = ArgumentRule.OneOf("channel", "tensor") },
        new ArgumentSpec("scale", ArgumentKind.Number) { Default = 1.0 },
        new ArgumentSpec("betas", ArgumentKind.Pair) { Default = new[] { 0.9, 0.999 }, Rule = ArgumentRule.Betas },
        new ArgumentSpec("foreach", ArgumentKind.Any) { Role = ArgumentRole.Internal, Nullable = true },
    ]);

    [Test]
    public void OptimArgsTextBindsToTypedValuesWithDefaultsForTheRest()
    {
        var bound = LowRank.Bind(OptimArgs.Parse("rank=4, scale_type=tensor"));
        Assert.That(bound.Integer("rank"), Is.EqualTo(4));
        Assert.That(bound.Text("scale_type"), Is.EqualTo("tensor"));
        Assert.That(bound.Number("scale"), Is.EqualTo(1.0));
        Assert.That(bound.IsGiven("rank"), Is.True);
        Assert.That(bound.IsGiven("scale"), Is.False);
        Assert.That(bound.Given.Keys, Is.EquivalentTo(new[] { "rank", "scale_type" }));
    }

    [Test]
    public void AMisspeltKeyNamesTheClosestAndEveryAcceptedKey()
    {
        var e = Assert.Throws<ArgumentBindingException>(() => LowRank.Bind(OptimArgs.Parse("rnak=3")))!;
        Assert.That(e.Summary, Is.EqualTo("OptimArgs: 'rnak' is not an argument of apollo_adamw; did you mean 'rank'? (it takes: rank, scale_type, scale, betas)"));
        Assert.That(e.Problems.Single().Closest, Is.EqualTo("rank"));
        Assert.That(e.ParamName, Is.EqualTo("OptimArgs"));
    }

    [Test]
    public void EveryProblemIsListedInOneError()
    {
        var e = Assert.Throws<ArgumentBindingException>(() =>
            LowRank.Bind(new Dictionary<string, object?> { ["rank"] = "-2", ["scale"] = "big", ["scale_type"] = "chanel", ["foo"] = 1L }, "LrSchedulerKwargs"))!;
        Assert.That(e.Problems.Select(p => p.Key), Is.EqualTo(new[] { "rank", "scale", "scale_type", "foo" }));
        Assert.That(e.Problems[0].Message, Is.EqualTo("Invalid rank: -2 (must be a finite value > 0)"));
        Assert.That(e.Problems[1].Message, Is.EqualTo("'scale' = 'big' is not a finite number"));
        Assert.That(e.Problems[2].Message, Does.Contain("did you mean 'channel'?"));
        Assert.That(e.Summary.Split(Environment.NewLine), Has.All.StartWith("LrSchedulerKwargs: "));
    }

    [Test]
    public void InternalBookkeepingIsNotAnArgument()
    {
        var e = Assert.Throws<ArgumentBindingException>(() => LowRank.Bind(OptimArgs.Parse("foreach=True")))!;
        Assert.That(e.Problems.Single().Message, Does.StartWith("'foreach' is not an argument of apollo_adamw"));
    }

    [Test]
    public void AnIgnoringSchemaKeepsUnknownKeysAside()
    {
        var schema = new ArgumentSchema("constant", [], UnknownArgumentPolicy.Ignore);
        var bound = schema.Bind(new Dictionary<string, object?> { ["num_cycles"] = 2L }, "LrSchedulerKwargs");
        Assert.That(bound.Ignored, Is.EquivalentTo(new Dictionary<string, object?> { ["num_cycles"] = 2L }));
        Assert.That(bound.Values, Is.Empty);
    }

    [Test]
    public void ARequiredArgumentMustBeGiven()
    {
        var schema = new ArgumentSchema("StepLR", [new ArgumentSpec("step_size", ArgumentKind.Integer) { Required = true }]);
        var e = Assert.Throws<ArgumentBindingException>(() => schema.Bind(null, "LrSchedulerKwargs"))!;
        Assert.That(e.Summary, Is.EqualTo("LrSchedulerKwargs: StepLR requires 'step_size'"));
    }

    [Test]
    public void BoundArgumentsKnowTheirPathAndWordALateMissingArgumentAsBindingDoes()
    {
        var schema = new ArgumentSchema("CosineAnnealingLR", [new ArgumentSpec("T_max", ArgumentKind.Integer) { Nullable = true }]);
        var bound = schema.Bind(null, "LrSchedulerKwargs");
        Assert.That(bound.Path, Is.EqualTo("LrSchedulerKwargs"));
        var e = bound.Missing("T_max");
        Assert.That(e.Summary, Is.EqualTo("LrSchedulerKwargs: CosineAnnealingLR requires 'T_max'"));
        Assert.That(e.Problems.Single().Key, Is.EqualTo("T_max"));
    }

    [Test]
    public void GroupValidationUsesTheSameRulesAndMessages()
    {
        using var p = torch.zeros(2).requires_grad_();
        var group = new ParamGroup([p], new Dictionary<string, object?> { ["rank"] = 0.0, ["betas"] = new[] { 0.9, 1.0 } });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LowRank.Validate(group))!;
        Assert.That(e.ParamName, Is.EqualTo("rank"));
        Assert.That(e.Message, Does.StartWith("Invalid rank: 0 (must be a finite value > 0)"));
        group["rank"] = 2;
        e = Assert.Throws<ArgumentOutOfRangeException>(() => LowRank.Validate(group))!;
        Assert.That(e.Message, Does.StartWith("Invalid beta parameter at index 1: 1 (must be in [0, 1))"));
    }

    [Test]
    public void DeclaringAKeyTwiceIsRefused() =>
        Assert.That(() => new ArgumentSchema("x", [new ArgumentSpec("a", ArgumentKind.Number), new ArgumentSpec("a", ArgumentKind.Flag)]),
            Throws.ArgumentException.With.Message.Contains("declares 'a' twice"));
}
