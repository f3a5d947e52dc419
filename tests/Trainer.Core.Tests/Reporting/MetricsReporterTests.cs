using System.Diagnostics.Metrics;

namespace Training.Core.Tests.Reporting;

[NonParallelizable]
public class MetricsReporterTests
{
    /// <summary>What a listener of the Meter "Training" saw for one run (instrument, metric tag) → the last value.</summary>
    private sealed class Listener : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly string run;

        public Listener(string run)
        {
            this.run = run;
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MetricsCallback.MeterName) l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            listener.Start();
        }

        public Dictionary<string, double> Last { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, double> Sums { get; } = new(StringComparer.Ordinal);

        public void Observe() => listener.RecordObservableInstruments();

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? runTag = null, metric = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "run") runTag = tag.Value as string;
                if (tag.Key == "metric") metric = tag.Value as string;
            }

            if (runTag != run) return;
            var key = metric is null ? instrument.Name : instrument.Name + "/" + metric;
            lock (Last)
            {
                Last[key] = value;
                Sums[key] = Sums.GetValueOrDefault(key) + value;
            }
        }

        public void Dispose() => listener.Dispose();
    }

    [Test]
    public void AListenerReadsTheRunsLastValuesTaggedWithTheRun()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var args = TinyRegression.Args(folder.Path, a =>
        {
            a.ReportTo = ["metrics"]; a.RunName = "run-" + Guid.NewGuid().ToString("N"); a.MaxSteps = 6; a.LoggingSteps = 3;
            a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 3; a.PerDeviceTrainBatchSize = 4; a.GradientAccumulationSteps = 2;
        });
        using var listener = new Listener(args.RunName!);
        var trainer = new Trainer(model, args, TinyRegression.Data(64), TinyRegression.Data(16), TinyRegression.Collator);
        trainer.Train();
        listener.Observe();
        using var callback = trainer.Callbacks.Callbacks.OfType<MetricsCallback>().Single();

        var lastTrain = trainer.State.LogHistory.Last(e => e.ContainsKey("loss"));
        var lastEval = trainer.State.LogHistory.Last(e => e.ContainsKey("eval_loss"));
        Assert.Multiple(() =>
        {
            Assert.That(listener.Last["loss"], Is.EqualTo(lastTrain["loss"]));
            Assert.That(listener.Last["learning_rate"], Is.EqualTo(lastTrain["learning_rate"]));
            Assert.That(listener.Last["grad_norm"], Is.EqualTo(lastTrain["grad_norm"]));
            Assert.That(listener.Last["epoch"], Is.EqualTo(trainer.State.Epoch));
            Assert.That(listener.Last["eval/loss"], Is.EqualTo(lastEval["eval_loss"]));
            Assert.That(listener.Last["step_time"], Is.GreaterThan(0));
            Assert.That(listener.Last["samples_per_second"], Is.EqualTo(8 / listener.Last["step_time"]).Within(1e-9));
            Assert.That(listener.Sums["steps"], Is.EqualTo(6), "one count per optimizer step");
        });

        // Disposed, the meter is gone: a new observation sees nothing more.
        callback.Dispose();
        listener.Last.Clear();
        listener.Observe();
        Assert.That(listener.Last, Is.Empty);
    }

    [Test]
    public void TheRunTagDefaultsToTheOutputDir()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var args = TinyRegression.Args(folder.Path, a => { a.ReportTo = ["metrics"]; a.MaxSteps = 2; a.LoggingSteps = 1; });
        using var listener = new Listener(folder.Path);
        var trainer = new Trainer(model, args, TinyRegression.Data(32), null, TinyRegression.Collator);
        trainer.Train();
        listener.Observe();
        trainer.Callbacks.Callbacks.OfType<MetricsCallback>().Single().Dispose();
        Assert.That(listener.Last["loss"], Is.EqualTo(trainer.State.LogHistory.Last(e => e.ContainsKey("loss"))["loss"]));
    }
}
