namespace Training.Models.Tests;

[NonParallelizable]
public class TrainingTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void FiftyAdamWStepsOnATinyCorpusCutTheLossClearly(bool fused)
    {
        var corpus = CharCorpus.FromText(string.Concat(Enumerable.Repeat("to be, or not to be: that is the question.\n", 40)), blockSize: 8);
        using var model = new TinyGpt(Models.Small(corpus.Tokenizer.VocabSize), new Generator(8));
        using var optimizer = Models.AdamW(model, lr: 1e-2, fused);
        using var data = new Generator(9);
        var losses = new List<double>();
        for (var step = 0; step < 50; step++)
        {
            using var scope = NewDisposeScope();
            var (input, target) = corpus.Train.RandomBatch(16, data);
            losses.Add(Models.TrainStep(model, optimizer, input, target));
        }

        Assert.That(losses[0], Is.EqualTo(Math.Log(corpus.Tokenizer.VocabSize)).Within(10).Percent);
        Assert.That(losses.TakeLast(5).Average(), Is.LessThan(0.5 * losses[0]), string.Join(", ", losses.Select(l => l.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Test]
    public void AScopedTrainingStepLeavesNoTensorBehind()
    {
        using var model = new TinyGpt(Models.Small(), new Generator(10));
        using var optimizer = Models.AdamW(model, lr: 1e-3);
        using (NewDisposeScope())
        {
            // The first step creates the optimizer state, which lives on with the optimizer.
            var tokens = Models.Tokens(4, 9, 11, seed: 11);
            Models.TrainStep(model, optimizer, tokens.narrow(1, 0, 8), tokens.narrow(1, 1, 8));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = LiveTensors.SettledCount();
        using (NewDisposeScope())
        {
            var tokens = Models.Tokens(4, 9, 11, seed: 12);
            Models.TrainStep(model, optimizer, tokens.narrow(1, 0, 8), tokens.narrow(1, 1, 8));
            Assert.That(Tensor.TotalCount, Is.GreaterThan(baseline), "the step's temporaries are alive until the scope closes");
        }

        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline));
    }
}
