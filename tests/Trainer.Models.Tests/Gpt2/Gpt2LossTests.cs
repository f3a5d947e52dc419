using Training.TorchExtensions;
namespace Training.Models.Tests;

/// <summary>
/// The causal-LM loss: shifted as Transformers shifts it, −100 ignored, and token-correct under accumulation (each
/// micro-batch's sum divided by the window's token count adds up to the mean over every token of the window).
/// </summary>
[NonParallelizable]
public class Gpt2LossTests
{
    [Test]
    public void MicroBatchesOfDifferentSizesAddUpToTheMeanOverAllTokens()
    {
        using var scope = NewDisposeScope();
        var config = Gpt2Fixtures.Small();
        using var model = Gpt2Fixtures.Random(config, seed: 61);
        // One row of 10 tokens with 3 ignored labels, and three rows of 5, 4 and 2 real tokens: 6 and 8 counted tokens.
        var firstIds = Gpt2Fixtures.Tokens(1, 10, config.VocabSize, seed: 62);
        var firstLabels = firstIds.clone();
        firstLabels.narrow(1, 0, 4).fill_(Scalars.Keep(CausalLanguageModelLoss.IgnoreIndex));
        var secondIds = Gpt2Fixtures.Tokens(3, 5, config.VocabSize, seed: 63);
        var secondMask = Gpt2Fixtures.RightPadded(5, 5, 4, 2);
        var secondLabels = Gpt2Fixtures.Labels(secondIds, secondMask);
        using var first = Gpt2Fixtures.Batch(firstIds, labels: firstLabels);
        using var second = Gpt2Fixtures.Batch(secondIds, secondMask, secondLabels);

        var (firstCount, secondCount) = (model.CountLossItems(first), model.CountLossItems(second));
        Assert.That((firstCount, secondCount), Is.EqualTo((6L, 8L)), "labels[:, 1:] other than -100");
        var total = firstCount + secondCount;

        // The reference: every counted token's cross entropy, averaged over all of them at once.
        var tokenLosses = new List<double>();
        foreach (var (ids, mask, labels) in new[] { (firstIds, (Tensor?)null, firstLabels), (secondIds, secondMask, secondLabels) })
        {
            var logits = model.Logits(ids, mask);
            var (b, t) = (ids.size(0), ids.size(1));
            var each = nn.functional.cross_entropy(logits.narrow(1, 0, t - 1).reshape(-1, config.VocabSize), labels.narrow(1, 1, t - 1).reshape(-1),
                ignore_index: -100, reduction: nn.Reduction.None);
            var kept = labels.narrow(1, 1, t - 1).reshape(-1).ne(Scalars.Keep(-100));
            tokenLosses.AddRange(Gpt2Fixtures.Values(each.masked_select(kept)));
            Assert.That(b * (t - 1), Is.GreaterThan(kept.sum().item<long>()), "some labels are ignored");
        }

        first.NumItemsInBatch = total;
        second.NumItemsInBatch = total;
        var accumulated = model.call(first).Loss!.item<float>() + model.call(second).Loss!.item<float>();
        Assert.That(tokenLosses, Has.Count.EqualTo(total));
        Assert.That(accumulated, Is.EqualTo(tokenLosses.Average()).Within(1e-5));

        // Without the count each micro-batch is its own mean, whose average is not the mean over the tokens.
        first.NumItemsInBatch = null;
        second.NumItemsInBatch = null;
        var firstMean = model.call(first).Loss!.item<float>();
        Assert.That(firstMean, Is.EqualTo(tokenLosses.Take(6).Average()).Within(1e-5));
        Assert.That((firstMean + model.call(second).Loss!.item<float>()) / 2, Is.Not.EqualTo(tokenLosses.Average()).Within(1e-4));
    }

    [Test]
    public void TheGradientOfTheAccumulatedLossIsTheGradientOfTheMean()
    {
        using var scope = NewDisposeScope();
        var config = Gpt2Fixtures.Small();
        using var model = Gpt2Fixtures.Random(config, seed: 64);
        var ids = Gpt2Fixtures.Tokens(3, 6, config.VocabSize, seed: 65);
        var mask = Gpt2Fixtures.RightPadded(6, 6, 3, 5);
        var labels = Gpt2Fixtures.Labels(ids, mask);
        using var whole = Gpt2Fixtures.Batch(ids, mask, labels);
        model.call(whole).Loss!.backward();
        var expected = model.parameters().Select(p => p.grad!.clone()).ToList();
        model.zero_grad();

        // Rows 0 and 1..2 as two micro-batches of 5 and 6 counted tokens.
        using var top = Gpt2Fixtures.Batch(ids.narrow(0, 0, 1), mask.narrow(0, 0, 1), labels.narrow(0, 0, 1));
        using var rest = Gpt2Fixtures.Batch(ids.narrow(0, 1, 2), mask.narrow(0, 1, 2), labels.narrow(0, 1, 2));
        var total = model.CountLossItems(top) + model.CountLossItems(rest);
        Assert.That(total, Is.EqualTo(model.CountLossItems(whole)));
        foreach (var part in new[] { top, rest })
        {
            part.NumItemsInBatch = total;
            model.call(part).Loss!.backward();
        }

        Assert.Multiple(() =>
        {
            foreach (var ((name, p), grad) in model.named_parameters().Zip(expected))
                Closeness.AssertClose(Gpt2Fixtures.Values(p.grad!), Gpt2Fixtures.Values(grad), rtol: 1e-4, atol: 1e-6, what: name);
        });
    }

    [Test]
    public void WithoutLabelsThereIsNoLossAndNothingToCount()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2ForCausalLM(Gpt2Fixtures.Small(), new Generator(66));
        using var batch = Gpt2Fixtures.Batch(Gpt2Fixtures.Tokens(2, 4, 101, seed: 67));
        var output = model.call(batch);
        Assert.That(output.Loss, Is.Null);
        Assert.That(output.Logits.shape, Is.EqualTo(new long[] { 2, 4, 101 }));
        Assert.That(model.CountLossItems(batch), Is.Zero);
    }

    [Test]
    public void AWindowWithoutLabelTokensContributesZero()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2ForCausalLM(Gpt2Fixtures.Small(), new Generator(68));
        var ids = Gpt2Fixtures.Tokens(1, 4, 101, seed: 69);
        using var batch = Gpt2Fixtures.Batch(ids, labels: full([1, 4], Scalars.Keep(-100L)));
        batch.NumItemsInBatch = 0;
        Assert.That(model.call(batch).Loss!.item<float>(), Is.Zero);
        batch.NumItemsInBatch = null;
        Assert.That(float.IsNaN(model.call(batch).Loss!.item<float>()), Is.True, "the mean over no tokens is NaN, as in Transformers");
    }

    [Test]
    public void Int32IdsAndLabelsAreAcceptedAndFloatIdsAreNamed()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2ForCausalLM(Gpt2Fixtures.Small(), new Generator(70));
        var ids = Gpt2Fixtures.Tokens(2, 5, 101, seed: 71);
        using var wide = Gpt2Fixtures.Batch(ids, labels: ids);
        using var narrow = Gpt2Fixtures.Batch(ids.to(ScalarType.Int32), labels: ids.to(ScalarType.Int32));
        Assert.That(model.call(narrow).Loss!.item<float>(), Is.EqualTo(model.call(wide).Loss!.item<float>()));
        Assert.That(() => model.Logits(ids.to(ScalarType.Float32)), Throws.ArgumentException.With.Message.Contains("input_ids"));
    }
}
