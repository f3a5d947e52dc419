namespace Training.Models.Tests;

/// <summary>The loss of a model without training it: at initialisation and over a whole split.</summary>
[NonParallelizable]
public class EvaluationTests
{
    [Test]
    public void TheLossAtInitialisationIsAboutLnOfTheVocabulary()
    {
        using var scope = NewDisposeScope();
        var config = new TinyGptConfig { VocabSize = 65 };
        using var model = new TinyGpt(config, new Generator(6));
        var tokens = Models.Tokens(8, 65, 65, seed: 7);
        var loss = model.Loss(tokens.narrow(1, 0, 64), tokens.narrow(1, 1, 64)).item<float>();
        Assert.That(loss, Is.EqualTo(Math.Log(65)).Within(10).Percent);
    }

    [Test]
    public void EstimateLossAveragesEveryWindowAndFreesEachBatch()
    {
        var corpus = CharCorpus.FromText(string.Concat(Enumerable.Repeat("all the world's a stage\n", 20)), blockSize: 8);
        using var model = new TinyGpt(Models.Small(corpus.Tokenizer.VocabSize) with { Dropout = 0.3 }, new Generator(13));
        double expected;
        using (NewDisposeScope())
        using (no_grad())
        {
            model.eval();
            // 53 windows in batches of 16, 16, 16 and 5: the mean is over rows, not over batches.
            var batches = corpus.Train.SequentialBatches(16).ToList();
            expected = batches.Sum(b => model.Loss(b.Input, b.Target).item<float>() * b.Input.size(0)) / batches.Sum(b => b.Input.size(0));
            model.train();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = LiveTensors.SettledCount();
        LiveTensors.ResetPeak();
        var estimate = model.EstimateLoss(corpus.Train, batchSize: 16);
        Assert.Multiple(() =>
        {
            Assert.That(estimate, Is.EqualTo(expected).Within(1e-5));
            Assert.That(model.training, Is.True, "the training mode is restored");
            Assert.That(Tensor.TotalCount, Is.EqualTo(baseline), "nothing is left behind");
            Assert.That(Tensor.PeakCount - baseline, Is.LessThan(100), "one batch alive at a time (about 60 tensors; 4 at once would be 230)");
        });
    }
}
