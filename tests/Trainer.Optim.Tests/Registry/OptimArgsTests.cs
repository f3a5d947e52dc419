namespace Training.Optim.Tests.Registry;

public class OptimArgsTests
{
    [Test]
    public void ParsesLikeTransformers()
    {
        var args = OptimArgs.Parse(" rank = 64, update_proj_gap=100 ,scale=0.25 ");
        Assert.Multiple(() =>
        {
            Assert.That(args.Values, Is.EquivalentTo(new Dictionary<string, string> { ["rank"] = "64", ["update_proj_gap"] = "100", ["scale"] = "0.25" }));
            Assert.That(args.Contains("rank"), Is.True);
            Assert.That(args.Contains("proj_type"), Is.False);
            Assert.That(OptimArgs.Parse(null).Values, Is.Empty);
            Assert.That(OptimArgs.Parse("").Values, Is.Empty);
        });
    }

    [TestCase("rank64", "rank64")]
    [TestCase("rank=64,=3", "=3")]
    [TestCase("a=1=2", "a=1=2")]
    [TestCase("a=1,,b=2", "''")]
    public void AMalformedItemNamesTheSettingAndTheItem(string text, string item)
    {
        var e = Assert.Throws<OptimArgsFormatException>(() => OptimArgs.Parse(text));
        Assert.That(e!.Message, Does.StartWith("OptimArgs:"));
        Assert.That(e.Message, Does.Contain(item == "''" ? "item ''" : $"'{item}'"));
    }

    private static readonly ArgumentSchema LowRank = new("galore_adamw",
    [
        new ArgumentSpec("rank", ArgumentKind.Integer) { Default = 128L },
        new ArgumentSpec("scale", ArgumentKind.Number) { Default = 0.25 },
        new ArgumentSpec("proj_type", ArgumentKind.Text) { Default = "std" },
        new ArgumentSpec("flag", ArgumentKind.Flag) { Default = false },
        new ArgumentSpec("betas", ArgumentKind.Pair) { Default = new[] { 0.9, 0.999 } },
    ]);

    [Test]
    public void TheTextBindsThroughTheSchemaWithItsDefaults()
    {
        var bound = LowRank.Bind(OptimArgs.Parse("rank=64,scale=0.5"));
        Assert.Multiple(() =>
        {
            Assert.That(bound.Integer("rank"), Is.EqualTo(64));
            Assert.That(bound.Number("scale"), Is.EqualTo(0.5));
            Assert.That(bound.Text("proj_type"), Is.EqualTo("std"), "not given: the declared default");
            Assert.That(bound.Pair("betas"), Is.EqualTo((0.9, 0.999)), "a tuple cannot be written in OptimArgs (commas split items, as upstream)");
            Assert.That(LowRank.Bind(OptimArgs.Parse("flag=YES")).Flag("flag"), Is.True, "strtobool is case-insensitive");
        });
    }

    [Test]
    public void EveryBadValueIsReportedWithTheSettingAndTheKey()
    {
        var e = Assert.Throws<ArgumentBindingException>(() => LowRank.Bind(OptimArgs.Parse("rank=abc,flag=maybe,rnak=3")))!;
        Assert.That(e.Problems.Select(p => p.Key), Is.EqualTo(new[] { "rank", "flag", "rnak" }));
        Assert.That(e.Summary, Does.Contain("OptimArgs: 'rank' = 'abc' is not an integer"));
        Assert.That(e.Summary, Does.Contain("OptimArgs: 'flag' = 'maybe' is not a boolean"));
        Assert.That(e.Summary, Does.Contain("OptimArgs: 'rnak' is not an argument of galore_adamw; did you mean 'rank'?"));
    }
}
