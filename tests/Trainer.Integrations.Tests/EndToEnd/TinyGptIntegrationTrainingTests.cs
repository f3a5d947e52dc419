using Training.Core;
using Training.Models;

namespace Training.Integrations.Tests.EndToEnd;

/// <summary>
/// Every integration name trains a small TinyGpt through the <see cref="Trainer"/> (the same path as
/// <c>dotnet run --project examples/TinyGpt -- --Training:Optim=&lt;name&gt;</c>, scaled down): the logged loss falls.
/// </summary>
[NonParallelizable]
public class TinyGptIntegrationTrainingTests
{
    private const int Steps = 40;

    private static readonly Lazy<CharCorpus> Corpus = new(() => CharCorpus.FromText(
        string.Concat(Enumerable.Repeat("to be, or not to be: that is the question. whether 'tis nobler in the mind to suffer\n", 30)), blockSize: 16));

    // Learning rates per family, as a user would pick them: SGD-like updates need larger steps than Adam-like ones.
    private static double LearningRate(string name) => name switch
    {
        "lomo" or "schedule_free_sgd" or "flash_sgd" or "flash_sgdw" => 0.3,
        "adalomo" => 0.3,
        _ when name.Contains("lion", StringComparison.Ordinal) => 1e-3,
        _ => 5e-3,
    };

    public static IEnumerable<TestCaseData> Names() =>
        IntegrationOptimizers.All.Select(d => d.Name).Select(n => new TestCaseData(n).SetName($"TinyGpt.LossFalls.{n}"));

    [TestCaseSource(nameof(Names))]
    public void LossFalls(string name)
    {
        var corpus = Corpus.Value;
        var output = Path.Combine(Path.GetTempPath(), "trainer-integration-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var generator = new Generator(5);
            using var model = new TinyGpt(new TinyGptConfig { VocabSize = corpus.Tokenizer.VocabSize, BlockSize = 16, EmbeddingDim = 32, Heads = 2, Layers = 2 }, generator);
            var starts = Enumerable.Range(0, (int)corpus.Train.Count).Select(i => (long)i).ToList();
            var args = new TrainingArguments
            {
                OutputDir = output, Optim = name, MaxSteps = Steps, LearningRate = LearningRate(name), PerDeviceTrainBatchSize = 16,
                LoggingSteps = 5, SaveStrategy = SaveStrategy.No, DisableTqdm = true, WeightDecay = 0.01, WarmupSteps = 4,
                LrSchedulerType = "constant_with_warmup", OptimTargetModules = ["c_attn", "c_fc", "c_proj"], Seed = 3,
            };
            var trainer = new Trainer(model, args, new ListDataset<long>(starts), dataCollator: new DataCollator<long>(rows =>
            {
                var (input, target) = corpus.Train.GetBatch(rows.ToArray());
                return new Batch(rows.Count, new Dictionary<string, Tensor> { ["input_ids"] = input, ["labels"] = target });
            }), computeLossFunc: (m, batch, items) => ((TinyGpt)m).Loss(batch["input_ids"], batch["labels"], items), services: IntegrationServices.Provider);
            trainer.Train();
            var losses = trainer.State.LogHistory.Where(e => e.ContainsKey("loss")).Select(e => e["loss"]).ToList();
            Assert.That(losses, Has.Count.GreaterThanOrEqualTo(Steps / 5 - 1));
            Assert.That(losses.All(double.IsFinite), Is.True, string.Join(", ", losses));
            Assert.That(losses[^1], Is.LessThan(0.85 * losses[0]), $"{name}: losses {string.Join(", ", losses.Select(l => l.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
            trainer.Optimizer?.Dispose();
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
