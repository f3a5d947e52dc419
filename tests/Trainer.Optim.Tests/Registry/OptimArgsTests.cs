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
            Assert.That(args.GetInt("rank", 128), Is.EqualTo(64));
            Assert.That(args.GetDouble("scale", 1), Is.EqualTo(0.25));
            Assert.That(args.GetString("proj_type", "std"), Is.EqualTo("std"));
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

    [Test]
    public void TypedGettersReportTheKeyAndValue()
    {
        var args = OptimArgs.Parse("rank=abc,flag=maybe");
        Assert.That(Assert.Throws<OptimArgsFormatException>(() => args.GetInt("rank", 1))!.Message, Does.Contain("'rank=abc' is not an integer"));
        Assert.That(Assert.Throws<OptimArgsFormatException>(() => args.GetBool("flag", false))!.Message, Does.Contain("'flag=maybe' is not a boolean"));
        Assert.That(OptimArgs.Parse("flag=YES").GetBool("flag", false), Is.True, "strtobool is case-insensitive");
    }

    [Test]
    public void LiteralEvaluationFollowsPython()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OptimArgs.LiteralEval("True"), Is.EqualTo(true));
            Assert.That(OptimArgs.LiteralEval("None"), Is.Null);
            Assert.That(OptimArgs.LiteralEval("0.9"), Is.EqualTo(0.9));
            Assert.That(OptimArgs.LiteralEval("(0.9,0.99)"), Is.EqualTo(new[] { 0.9, 0.99 }));
            Assert.That(OptimArgs.LiteralEval("std"), Is.EqualTo("std"));
        });
    }
}
