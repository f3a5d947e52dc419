using Training.TorchExtensions;
namespace Training.Models.Tests;

[NonParallelizable]
public class GenerationTests
{
    [Test]
    public void GenerationAppendsSampledTokensBeyondTheBlockSize()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyGpt(Models.Small(), new Generator(12));
        using var generator = new Generator(14);
        var prompt = Models.Tokens(2, 3, 11, seed: 13);
        var result = model.Generate(prompt, maxNewTokens: 12, temperature: 0.7, generator: generator);
        Assert.That(result.shape, Is.EqualTo(new long[] { 2, 15 }));
        Assert.That(result.narrow(1, 0, 3).ValuesEqual(prompt), Is.True, "the prompt is kept");
        Assert.That(result.ge(Scalars.Keep(0)).logical_and(result.lt(Scalars.Keep(11))).all().item<bool>(), Is.True);
    }

    [Test]
    public void EqualGeneratorsSampleEqualTextAndTheModeIsRestored()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyGpt(Models.Small() with { Dropout = 0.2 }, new Generator(15));
        var prompt = Models.Tokens(1, 4, 11, seed: 16);
        using var firstGenerator = new Generator(17);
        using var secondGenerator = new Generator(17);
        var first = model.Generate(prompt, 20, generator: firstGenerator);
        var second = model.Generate(prompt, 20, generator: secondGenerator);
        Assert.That(first.ValuesEqual(second), Is.True, "dropout is off and sampling follows the generator");
        Assert.That(model.training, Is.True);
    }

    [Test]
    public void OnlyTheResultIsLeftInTheCallersScope()
    {
        using var model = new TinyGpt(Models.Small(), new Generator(18));
        using var prompt = Models.Tokens(1, 2, 11, seed: 19);
        using var generator = new Generator(20);
        using var scope = NewDisposeScope();
        model.Generate(prompt, 10, generator: generator);
        Assert.That(scope.DisposablesCount, Is.EqualTo(1));
    }

    [Test]
    public void BadArgumentsAreRejected()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyGpt(Models.Small(), new Generator(21));
        var prompt = Models.Tokens(1, 2, 11, seed: 22);
        Assert.That(() => model.Generate(prompt, 1, temperature: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => model.Generate(prompt, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => model.Generate(prompt.flatten(), 1), Throws.ArgumentException);
    }
}
