using Microsoft.Extensions.Logging;

namespace Training.Core.Tests;

/// <summary>Transformers' log_level and include_num_input_tokens_seen.</summary>
[NonParallelizable]
public class LogSettingsTests
{
    // Sequences of 3, 5, 2 and 6 tokens: two updates of batches of 2 see each once, 16 real tokens in all.
    private static readonly int[] Lengths = [3, 5, 2, 6];

    [TestCase("no", false, false)]
    [TestCase("false", false, false)]
    [TestCase("all", true, false)]
    [TestCase("true", true, false)]
    [TestCase("non_padding", true, true)]
    public void TheInputTokensSeenAreLoggedAsAsked(string setting, bool logged, bool nonPadding)
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var data = TokenizedDataset.FromIds(Lengths.Select((n, i) => Enumerable.Range(1, n).Select(t => (t + i) % (PlainCausalLm.Vocab - 1) + 1).ToArray()));
        var args = PlainCausalLm.Args(folder.Path, a =>
        {
            a.MaxSteps = 2;
            a.DataSeed = 0;
            a.IncludeNumInputTokensSeen = setting;
        });
        var collator = new PaddedIdsCountingCollator(new DataCollatorForLanguageModeling(padTokenId: 0));
        var trainer = new Trainer(model, args, data, dataCollator: collator);
        trainer.Train();
        // "all" counts the padded input ids the batches carried, "non_padding" the 16 real tokens.
        var expected = nonPadding ? Lengths.Sum() : collator.InputIds;
        Assert.That(collator.InputIds, Is.GreaterThan(Lengths.Sum()), "the batches were padded");
        var losses = trainer.State.LogHistory.Where(e => e.ContainsKey("loss")).ToList();
        Assert.That(losses, Has.Count.EqualTo(2));
        if (logged) Assert.That(losses.Last()["num_input_tokens_seen"], Is.EqualTo(expected));
        else Assert.That(losses.SelectMany(e => e.Keys), Has.None.EqualTo("num_input_tokens_seen"));
        Assert.That(trainer.State.NumInputTokensSeen, Is.EqualTo(expected));
    }

    [Test]
    public void AnUnknownTokenCountingIsRefusedWithTheClosestValue()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var args = PlainCausalLm.Args(folder.Path, a => a.IncludeNumInputTokensSeen = "non-padding");
        Assert.That(() => new Trainer(model, args),
            Throws.TypeOf<TrainingArgumentsException>().With.Message.Contains("Training:IncludeNumInputTokensSeen = 'non-padding' is invalid")
                .And.Message.Contains("did you mean 'non_padding'?"));
    }

    [TestCase(TrainerLogLevel.Passive, true)]
    [TestCase(TrainerLogLevel.Info, true)]
    [TestCase(TrainerLogLevel.Warning, false)]
    public void LogLevelSetsTheMinimumOfTheTrainersOwnLoggers(TrainerLogLevel level, bool informationExpected)
    {
        using var folder = new TempFolder();
        using var loggers = new RecordingLoggerFactory();
        using var model = new TinyRegression();
        var args = TinyRegression.Args(folder.Path, a =>
        {
            a.MaxSteps = 2;
            a.LoggingSteps = 1;
            a.LogLevel = level;
        });
        new Trainer(model, args, TinyRegression.Data(16), dataCollator: TinyRegression.Collator, services: loggers).Train();
        Assert.That(loggers.Records.Any(r => r.Level == LogLevel.Information), Is.EqualTo(informationExpected),
            string.Join('\n', loggers.Records.Select(r => $"{r.Level}: {r.Message}")));
    }

    /// <summary>A collator that counts the (padded) input ids of the batches it makes.</summary>
    private sealed class PaddedIdsCountingCollator(IDataCollator inner) : IDataCollator
    {
        public long InputIds { get; private set; }

        public Batch Collate(IDataset dataset, IReadOnlyList<int> indices) => Count(inner.Collate(dataset, indices));

        public Batch Collate(IDataset dataset, IReadOnlyList<int> indices, CollationContext context) => Count(inner.Collate(dataset, indices, context));

        private Batch Count(Batch batch)
        {
            InputIds += batch["input_ids"].numel();
            return batch;
        }
    }
}
