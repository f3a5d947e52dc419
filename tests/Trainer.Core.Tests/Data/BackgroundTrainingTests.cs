namespace Training.Core.Tests.Data;

/// <summary>
/// The Trainer with length-grouped, masked-LM batches collated on worker threads: the same run as on the training
/// thread, resumed exactly, and leak-free when training stops mid-epoch with batches in flight.
/// </summary>
[NonParallelizable]
public class BackgroundTrainingTests
{
    private static Trainer NewTrainer(TinyTokenModel model, string output, int workers, int? prefetch = null) =>
        new(model, TinyRegression.Args(output, a =>
        {
            a.MaxSteps = 12;
            a.PerDeviceTrainBatchSize = 4;
            a.GradientAccumulationSteps = 2;
            a.GroupByLength = true;
            a.DataloaderNumWorkers = workers;
            a.DataloaderPrefetchFactor = prefetch;
            a.SaveStrategy = SaveStrategy.Steps;
            a.SaveSteps = 6;
            a.LoggingSteps = 1;
            a.LearningRate = 0.05;
        }), TokenData.Sequences(64), null, TokenData.MaskedLm());

    private static byte[] Weights(string output) => File.ReadAllBytes(Path.Combine(output, "checkpoint-12", CheckpointFiles.Model));

    private static Trainer Trained(Trainer trainer)
    {
        trainer.Train();
        return trainer;
    }

    private static double[] Losses(Trainer trainer) => [.. trainer.State.LogHistory.Where(e => e.ContainsKey("loss")).Select(e => e["loss"])];

    [Test]
    public void WorkersAndAResumeWithWorkersTrainExactlyAsTheTrainingThread()
    {
        using var onThread = new TempFolder();
        using var withWorkers = new TempFolder();
        using var resumed = new TempFolder();
        double[] expected, background;
        using (var model = new TinyTokenModel()) expected = Losses(Trained(NewTrainer(model, onThread.Path, workers: 0)));
        using (var model = new TinyTokenModel()) background = Losses(Trained(NewTrainer(model, withWorkers.Path, workers: 2, prefetch: 3)));

        // 16 micro-batches, 8 updates per epoch: the resume from step 6 skips 12 micro-batches of epoch 0.
        using (var model = new TinyTokenModel()) NewTrainer(model, resumed.Path, workers: 2).Train();
        Directory.Delete(Path.Combine(resumed.Path, "checkpoint-12"), recursive: true);
        Trainer resumedTrainer;
        using (var model = new TinyTokenModel(seed: 99))
        {
            resumedTrainer = NewTrainer(model, resumed.Path, workers: 2);
            resumedTrainer.Train(resumeFromCheckpoint: "last");
        }

        Assert.Multiple(() =>
        {
            Assert.That(expected, Has.Length.EqualTo(12));
            Assert.That(expected.All(double.IsFinite), Is.True, "every update had labelled tokens");
            Assert.That(background, Is.EqualTo(expected), "the same losses with 2 workers");
            Assert.That(Weights(withWorkers.Path), Is.EqualTo(Weights(onThread.Path)), "the same weights with 2 workers");
            Assert.That(Weights(resumed.Path), Is.EqualTo(Weights(onThread.Path)), "the resumed run with workers ends with the same weights");
            Assert.That(Losses(resumedTrainer), Is.EqualTo(expected), "and the same log history");
        });
    }

    [Test]
    public void StoppingMidEpochWithBatchesInFlightLeaksNoTensor([Values(0, 2)] int workers)
    {
        using var folder = new TempFolder();
        // As MemoryTests: the model's own tensors (parameters, gradients) are not the loop's to free.
        using var model = new TinyTokenModel();
        var baseline = LiveTensors.SettledCount();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a =>
        {
            a.MaxSteps = 5;
            a.PerDeviceTrainBatchSize = 2;
            a.DataloaderNumWorkers = workers;
            a.DataloaderPrefetchFactor = workers > 0 ? 4 : null;
        }), TokenData.Sequences(64), null, TokenData.MaskedLm());
        trainer.Train();
        trainer.Optimizer!.Dispose();

        Assert.That(LiveTensors.Count, Is.EqualTo(baseline), "the batches collated ahead of step 5 were disposed with the epoch");
    }

    [TestCase(-1, null, "DataloaderNumWorkers = -1 is invalid")]
    [TestCase(0, 2, "DataloaderPrefetchFactor = 2 can only be set")]
    [TestCase(2, 0, "DataloaderPrefetchFactor = 0 is invalid")]
    public void DataLoadingSettingsAreValidated(int workers, int? prefetch, string message)
    {
        var args = new TrainingArguments { DataloaderNumWorkers = workers, DataloaderPrefetchFactor = prefetch };
        Assert.That(new TrainingArgumentsValidator().Check(args), Has.One.Contains($"Training:{message}"));
    }

    [Test]
    public void ValidDataLoadingSettingsPass()
    {
        var args = new TrainingArguments { DataloaderNumWorkers = 2, DataloaderPrefetchFactor = 1, GroupByLength = true };
        Assert.That(new TrainingArgumentsValidator().Check(args), Is.Empty);
    }
}
