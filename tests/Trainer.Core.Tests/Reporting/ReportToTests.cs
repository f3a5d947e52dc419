using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Training.Core.Tests.Reporting;

[NonParallelizable]
public class ReportToTests
{
    private static TrainingArguments Bind(string json)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Training:OutputDir"] = Path.GetTempPath() })
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        using var provider = new ServiceCollection().AddTrainer(configuration).BuildServiceProvider();
        return TrainerConfiguration.Validate(provider);
    }

    [Test]
    public void AListFromConfigurationReplacesTheDefaultNone()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Bind("""{ "Training": { "ReportTo": [ "tensorboard" ] } }""").ReportTo, Is.EqualTo(new[] { "tensorboard" }));
            Assert.That(Bind("""{ "Training": { "ReportTo": [ "jsonl", "metrics" ] } }""").ReportTo, Is.EqualTo(new[] { "jsonl", "metrics" }));
            Assert.That(Bind("""{ "Training": { "ReportTo": "all" } }""").ReportTo, Is.EqualTo(new[] { "all" }));
            Assert.That(Bind("""{ "Training": { } }""").ReportTo, Is.EqualTo(new[] { "none" }));
        });
    }

    [TestCase("none"), TestCase("all")]
    public void NoneAndAllStandAlone(string alone) =>
        Assert.That(new TrainingArgumentsValidator().Check(new TrainingArguments { ReportTo = ["jsonl", alone] }), Is.EqualTo(new[]
        {
            $"Training:ReportTo: '{alone}' cannot be combined with other names (['jsonl', '{alone}']); give '{alone}' alone, or list the reporters (jsonl, metrics, tensorboard).",
        }));

    [Test]
    public void AMisspeltReporterGetsTheClosestName() =>
        Assert.That(new TrainingArgumentsValidator().Check(new TrainingArguments { ReportTo = ["jsnol"] }).Single(),
            Does.StartWith("Training:ReportTo: 'jsnol' is not a reporting integration. Did you mean 'jsonl'?"));

    [Test]
    public void AHistogramIntervalMustBePositive() =>
        Assert.That(new TrainingArgumentsValidator().Check(new TrainingArguments { TensorBoardHistogramSteps = 0 }).Single(),
            Is.EqualTo("Training:TensorBoardHistogramSteps = 0: must be a positive number of steps, or unset for no histograms."));

    [TestCase(new[] { "none" }, new Type[0])]
    [TestCase(new[] { "all" }, new[] { typeof(JsonLinesCallback), typeof(MetricsCallback), typeof(TensorBoardCallback) })]
    [TestCase(new[] { "tensorboard", "jsonl" }, new[] { typeof(TensorBoardCallback), typeof(JsonLinesCallback) })]
    public void TheTrainerAddsOneCallbackPerReporterAfterItsOwnAndBeforeTheCallers(string[] reportTo, Type[] expected)
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var mine = new Probe();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a => { a.ReportTo = [.. reportTo]; a.LoggingDir = Path.Combine(folder.Path, "tb"); }),
            TinyRegression.Data(16), null, TinyRegression.Collator, [mine]);
        var types = trainer.Callbacks.Callbacks.Select(c => c.GetType()).ToList();
        foreach (var metrics in trainer.Callbacks.Callbacks.OfType<MetricsCallback>()) metrics.Dispose();
        Assert.That(types, Is.EqualTo(new[] { typeof(DefaultFlowCallback), typeof(LoggingCallback) }.Concat(expected).Append(typeof(Probe))));
    }

    [Test]
    public void AFailingReporterIsLoggedAndTrainingContinues()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        // The reporter's file cannot be written: a folder stands where it goes.
        Directory.CreateDirectory(JsonLinesCallback.PathIn(folder.Path));
        var logs = new RecordingLoggerFactory();
        var args = TinyRegression.Args(folder.Path, a => { a.ReportTo = ["jsonl", "tensorboard"]; a.LoggingDir = Path.Combine(folder.Path, "tb"); a.MaxSteps = 4; a.LoggingSteps = 2; });
        var trainer = new Trainer(model, args, TinyRegression.Data(64), null, TinyRegression.Collator, services: logs);
        var output = trainer.Train();
        var errors = logs.Records.Where(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Error).Select(r => r.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(output.GlobalStep, Is.EqualTo(4));
            Assert.That(errors, Has.Some.Contains("JsonLinesCallback failed in OnTrainBegin"));
            Assert.That(errors, Has.Some.Contains("JsonLinesCallback failed in OnLog"));
            var tensorboard = EventFileReader.Read(Directory.GetFiles(args.LoggingDir!, "events.out.tfevents.*").Single());
            Assert.That(tensorboard.Where(v => v.Tag == "train/loss").Select(v => v.Step), Is.EqualTo(new long[] { 2, 4 }), "the other reporter still reports");
        });
    }

    [Test]
    public void WithStopOnCallbackErrorAFailingReporterStopsTheRun()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        Directory.CreateDirectory(JsonLinesCallback.PathIn(folder.Path));
        var args = TinyRegression.Args(folder.Path, a => { a.ReportTo = ["jsonl"]; a.StopOnCallbackError = true; a.MaxSteps = 2; });
        var trainer = new Trainer(model, args, TinyRegression.Data(32), null, TinyRegression.Collator);
        Assert.That(() => trainer.Train(), Throws.InstanceOf<UnauthorizedAccessException>().Or.InstanceOf<IOException>());
    }

    private sealed class Probe : TrainerCallback;
}
