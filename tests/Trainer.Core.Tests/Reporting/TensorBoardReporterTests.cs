namespace Training.Core.Tests.Reporting;

[NonParallelizable]
public class TensorBoardReporterTests
{
    [Test]
    public void TheEventFileHoldsEveryLoggedNumberAtItsStepAndTheArguments()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var logDir = Path.Combine(folder.Path, "tb");
        var args = TinyRegression.Args(folder.Path, a =>
        {
            a.ReportTo = ["tensorboard"]; a.LoggingDir = logDir; a.MaxSteps = 6; a.LoggingSteps = 2;
            a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 3;
        });
        var trainer = new Trainer(model, args, TinyRegression.Data(64), TinyRegression.Data(16), TinyRegression.Collator);
        trainer.Train();

        var files = Directory.GetFiles(logDir, "events.out.tfevents.*");
        Assert.That(files, Has.Length.EqualTo(1));
        var values = EventFileReader.Read(files[0]);
        var scalars = values.Where(v => v.Scalar is not null).ToList();
        var expected = trainer.State.LogHistory
            .SelectMany(entry => entry.Where(p => p.Key != "step").Select(p => (Tag: TensorBoardCallback.Tag(p.Key), Step: (long)entry["step"], Value: (float)p.Value)))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(scalars.Select(s => (s.Tag, s.Step, s.Scalar!.Value)), Is.EqualTo(expected));
            Assert.That(scalars.Where(s => s.Tag == "train/loss").Select(s => s.Step), Is.EqualTo(new long[] { 2, 4, 6 }));
            Assert.That(scalars.Where(s => s.Tag == "eval/loss").Select(s => s.Step), Is.EqualTo(new long[] { 3, 6 }));
            Assert.That(scalars.Any(s => s.Tag == "train/train_runtime"), Is.True, "the final train metrics too");
            var text = values.Single(v => v.Tag == "args/text_summary" || v.Tag == "args").Text;
            Assert.That(text, Does.Contain("\"LearningRate\": 0.01").And.Contain("\"ReportTo\""));
        });
    }

    [Test]
    public void TheDefaultLoggingDirIsTransformersRunsFolder()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var args = TinyRegression.Args(folder.Path, a => { a.ReportTo = ["tensorboard"]; a.MaxSteps = 2; a.LoggingSteps = 1; });
        var trainer = new Trainer(model, args, TinyRegression.Data(32), null, TinyRegression.Collator);
        trainer.Train();
        var callback = trainer.Callbacks.Callbacks.OfType<TensorBoardCallback>().Single();
        Assert.That(Path.GetDirectoryName(callback.LogDir), Is.EqualTo(Path.Combine(folder.Path, "runs")));
        Assert.That(Path.GetFileName(callback.LogDir), Does.Match(@"^[A-Z][a-z]{2}\d{2}_\d{2}-\d{2}-\d{2}_" + System.Text.RegularExpressions.Regex.Escape(System.Net.Dns.GetHostName()) + "$"));
        var scalars = EventFileReader.Read(Directory.GetFiles(callback.LogDir!, "events.out.tfevents.*").Single());
        Assert.That(scalars.Where(v => v.Tag == "train/loss").Select(v => v.Step), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public void HistogramsOfWeightsAndGradientsEveryNSteps()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var args = TinyRegression.Args(folder.Path, a =>
        {
            a.ReportTo = ["tensorboard"]; a.LoggingDir = Path.Combine(folder.Path, "tb"); a.MaxSteps = 4; a.TensorBoardHistogramSteps = 2;
        });
        new Trainer(model, args, TinyRegression.Data(64), null, TinyRegression.Collator).Train();
        var values = EventFileReader.Read(Directory.GetFiles(args.LoggingDir!, "events.out.tfevents.*").Single());
        var histograms = values.Where(v => v.HistogramCount is not null).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(histograms.Select(h => h.Step).Distinct(), Is.EqualTo(new long[] { 2, 4 }));
            var weight = histograms.First(h => h.Tag == "parameters/hidden.weight");
            Assert.That(weight.HistogramCount, Is.EqualTo(64), "16×4 values");
            Assert.That(histograms.Any(h => h.Tag == "gradients/hidden.weight" && h.HistogramCount == 64), Is.True);
            Assert.That(histograms.Count(h => h.Step == 2), Is.EqualTo(2 * model.parameters().Count()));
        });
    }

    [Test]
    public void TheReaderRejectsACorruptedRecord()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var args = TinyRegression.Args(folder.Path, a => { a.ReportTo = ["tensorboard"]; a.LoggingDir = Path.Combine(folder.Path, "tb"); a.MaxSteps = 1; });
        new Trainer(model, args, TinyRegression.Data(16), null, TinyRegression.Collator).Train();
        var file = Directory.GetFiles(args.LoggingDir!, "events.out.tfevents.*").Single();
        var bytes = File.ReadAllBytes(file);
        bytes[^6] ^= 0x10;
        File.WriteAllBytes(file, bytes);
        Assert.That(() => EventFileReader.Read(file), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("CRC"));
    }

    [TestCase("loss", "train/loss"), TestCase("eval_loss", "eval/loss"), TestCase("test_accuracy", "test/accuracy"), TestCase("learning_rate", "train/learning_rate")]
    public void TagsAreTransformersRewrittenNames(string key, string tag) => Assert.That(TensorBoardCallback.Tag(key), Is.EqualTo(tag));
}
