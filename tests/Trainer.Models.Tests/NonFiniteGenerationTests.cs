using Training.TorchExtensions;
namespace Training.Models.Tests;

/// <summary>Generation from a model whose parameters went non-finite is refused with a typed error, not sampled.</summary>
[NonParallelizable]
public class NonFiniteGenerationTests
{
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void Non_finite_logits_are_refused_naming_the_token(double poison)
    {
        using var scope = NewDisposeScope();
        using var model = new TinyGpt(Models.Small(), new Generator(21));
        using (no_grad())
        {
            // One element of the head's weight: the logit of token 0 becomes non-finite for every row.
            model.Head.weight![0, 0].fill_(Scalars.Keep(poison));
        }

        using var generator = new Generator(22);
        var prompt = Models.Tokens(2, 3, 11, seed: 23);
        var e = Assert.Throws<NonFiniteLogitsException>(() => model.Generate(prompt, maxNewTokens: 5, generator: generator));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Position, Is.EqualTo(3), "the first token to sample follows the 3-token prompt");
            Assert.That(e.Message, Does.StartWith("TinyGpt.Generate: the logits for token 3 (batch rows 0, 1) are not finite"));
            Assert.That(model.training, Is.True, "the mode is restored after the error");
        });
    }

    [Test]
    public void Finite_logits_still_sample()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyGpt(Models.Small(), new Generator(21));
        using var generator = new Generator(22);
        var result = model.Generate(Models.Tokens(2, 3, 11, seed: 23), maxNewTokens: 5, generator: generator);
        Assert.That(result.shape, Is.EqualTo(new long[] { 2, 8 }));
    }
}
