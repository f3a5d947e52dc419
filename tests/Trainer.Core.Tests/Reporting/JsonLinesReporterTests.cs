using System.Text.Json;

namespace Training.Core.Tests.Reporting;

[NonParallelizable]
public class JsonLinesReporterTests
{
    private static TrainingArguments Args(string folder, Action<TrainingArguments>? configure = null) => TinyRegression.Args(folder, a =>
    {
        a.ReportTo = ["jsonl"]; a.MaxSteps = 6; a.LoggingSteps = 1; a.SaveStrategy = SaveStrategy.Steps; a.SaveSteps = 2;
        a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 3;
        configure?.Invoke(a);
    });

    private static Trainer Train(string folder, Action<TrainingArguments>? configure = null)
    {
        using var model = new TinyRegression();
        var trainer = new Trainer(model, Args(folder, configure), TinyRegression.Data(64), TinyRegression.Data(16), TinyRegression.Collator);
        trainer.Train();
        return trainer;
    }

    private static List<Dictionary<string, double>> Read(string folder) =>
        [.. File.ReadAllLines(JsonLinesCallback.PathIn(folder)).Select(line => JsonSerializer.Deserialize<Dictionary<string, double>>(line)!)];

    [Test]
    public void EachLineIsALogEntryWithItsEpochAndStep()
    {
        using var folder = new TempFolder();
        var trainer = Train(folder.Path);
        var lines = Read(folder.Path);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.EqualTo(trainer.State.LogHistory), "the log history of trainer_state.json, entry for entry");
            Assert.That(lines.Where(l => l.ContainsKey("loss")).Select(l => l["step"]), Is.EqualTo(new double[] { 1, 2, 3, 4, 5, 6 }));
            Assert.That(lines.Where(l => l.ContainsKey("eval_loss")).Select(l => l["step"]), Is.EqualTo(new double[] { 3, 6 }));
            Assert.That(lines.All(l => l.ContainsKey("epoch")), Is.True);
            Assert.That(File.ReadAllLines(JsonLinesCallback.PathIn(folder.Path)).All(l => l.StartsWith('{') && l.EndsWith("}")), Is.True, "one object a line");
        });
    }

    [Test]
    public void NonFiniteNumbersAreWrittenAsPythonsJsonWritesThem()
    {
        var line = JsonLinesCallback.Line(new Dictionary<string, double> { ["loss"] = double.NaN, ["grad_norm"] = double.PositiveInfinity, ["x"] = double.NegativeInfinity, ["epoch"] = 0.5 }, 3);
        Assert.That(line, Is.EqualTo("{\"loss\":NaN,\"grad_norm\":Infinity,\"x\":-Infinity,\"epoch\":0.5,\"step\":3}\n"));
        var python = Training.Testing.PythonTorch.Run($"import json; d = json.loads({JsonSerializer.Serialize(line)}); print(d['loss'] != d['loss'], d['grad_norm'], d['x'], d['step'])");
        Assert.That(python.Trim(), Is.EqualTo("True inf -inf 3"));
    }

    [Test]
    public void AResumedRunAppendsAfterItsCheckpointsStep()
    {
        using var uninterrupted = new TempFolder();
        var expected = File.ReadAllLines(JsonLinesCallback.PathIn(Train(uninterrupted.Path).Args.OutputDir));

        using var folder = new TempFolder();
        Train(folder.Path, a => a.MaxSteps = 6);
        var first = File.ReadAllLines(JsonLinesCallback.PathIn(folder.Path));
        Train(folder.Path, a => a.ResumeFromCheckpoint = Path.Combine(folder.Path, "checkpoint-4"));
        var lines = File.ReadAllLines(JsonLinesCallback.PathIn(folder.Path));
        var steps = lines.Select(l => JsonSerializer.Deserialize<Dictionary<string, double>>(l)!).Select(d => d["step"]).ToList();
        Assert.Multiple(() =>
        {
            var kept = first.TakeWhile(l => JsonSerializer.Deserialize<Dictionary<string, double>>(l)!["step"] <= 4).ToArray();
            Assert.That(lines.Take(kept.Length), Is.EqualTo(kept), "the first run's lines up to the checkpoint are kept as written");
            Assert.That(steps, Is.Ordered, "the lines of steps 5 and 6 of the first run are not repeated");
            Assert.That(steps.Count(s => s == 5), Is.EqualTo(1));
            Assert.That(lines.Length, Is.EqualTo(expected.Length));
            Assert.That(lines.Select(WithoutRuntime), Is.EqualTo(expected.Select(WithoutRuntime)), "as an uninterrupted run's, but for the timings");
        });
    }

    [Test]
    public void AFreshRunStartsTheFileAnew()
    {
        using var folder = new TempFolder();
        Train(folder.Path);
        var trainer = Train(folder.Path, a => a.MaxSteps = 2);
        Assert.That(Read(folder.Path), Is.EqualTo(trainer.State.LogHistory));
    }

    // Timings and throughputs differ from run to run; train_loss averages the updates of this run only (as
    // Transformers' tr_loss does), so a resumed run's differs too.
    private static string WithoutRuntime(string line) => string.Join(",", JsonSerializer.Deserialize<Dictionary<string, double>>(line)!
        .Where(p => !p.Key.Contains("runtime", StringComparison.Ordinal) && !p.Key.Contains("per_second", StringComparison.Ordinal) && p.Key != "train_loss")
        .Select(p => $"{p.Key}={p.Value:R}"));
}
