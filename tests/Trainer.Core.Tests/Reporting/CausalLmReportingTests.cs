using System.Diagnostics.Metrics;
using System.Text.Json;

namespace Training.Core.Tests.Reporting;

/// <summary>A small causal language model run reporting to tensorboard, jsonl and metrics at once ("all").</summary>
[NonParallelizable]
public class CausalLmReportingTests
{
    [Test]
    public void EveryReporterRecordsTheRunAndTokensPerSecondIsCounted()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var args = TinyCausalLm.Args(folder.Path, a =>
        {
            a.ReportTo = ["all"]; a.LoggingDir = Path.Combine(folder.Path, "tb"); a.MaxSteps = 4; a.RunName = "causal-" + Guid.NewGuid().ToString("N");
        });
        var tokensPerSecond = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MetricsCallback.MeterName && instrument.Name == "tokens_per_second") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "run" && (string?)tag.Value == args.RunName) tokensPerSecond.Add(value);
        });
        listener.Start();

        var trainer = new Trainer(model, args, PlainCausalLm.Sequences([5, 7, 3, 6, 4, 8, 5, 6]), null, PlainCausalLm.Collator());
        trainer.Train();
        listener.RecordObservableInstruments();
        trainer.Callbacks.Callbacks.OfType<MetricsCallback>().Single().Dispose();

        var jsonl = File.ReadAllLines(JsonLinesCallback.PathIn(folder.Path)).Select(l => JsonSerializer.Deserialize<Dictionary<string, double>>(l)!).ToList();
        var events = EventFileReader.Read(Directory.GetFiles(args.LoggingDir!, "events.out.tfevents.*").Single());
        Assert.Multiple(() =>
        {
            Assert.That(jsonl, Is.EqualTo(trainer.State.LogHistory));
            Assert.That(events.Where(e => e.Tag == "train/loss").Select(e => (e.Step, (double)e.Scalar!.Value)),
                Is.EqualTo(jsonl.Where(l => l.ContainsKey("loss")).Select(l => ((long)l["step"], (double)(float)l["loss"]))));
            Assert.That(trainer.State.NumInputTokensSeen, Is.GreaterThan(0));
            Assert.That(tokensPerSecond, Has.Count.EqualTo(1).And.All.GreaterThan(0));
        });
    }
}
