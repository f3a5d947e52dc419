namespace Training.Core.Tests;

/// <summary>Train(CancellationToken): a stop finishes the update, saves it, and resumes as if never stopped.</summary>
[NonParallelizable]
public class StopTests
{
    // Cancels the token after the first micro-batch of update `step`: inside its accumulation window. With 100
    // examples in batches of 8 and 2 micro-batches an update, an epoch is 7 updates: update 9 is the second of epoch 2.
    private sealed class CancelInsideUpdate(CancellationTokenSource source, long step) : TrainerCallback
    {
        public override void OnSubstepEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
        {
            if (state.GlobalStep == step - 1) source.Cancel();
        }
    }

    // Cancels the token once update `step` is done.
    private sealed class CancelAfterStep(CancellationTokenSource source, long step) : TrainerCallback
    {
        public override void OnStepEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
        {
            if (state.GlobalStep == step) source.Cancel();
        }
    }

    private static Trainer NewTrainer(TinyRegression model, string output, IEnumerable<TrainerCallback>? callbacks = null,
        Action<TrainingArguments>? configure = null) =>
        new(model, TinyRegression.Args(output, a =>
        {
            a.MaxSteps = 20;
            a.GradientAccumulationSteps = 2;
            a.SaveStrategy = SaveStrategy.Steps;
            a.SaveSteps = 20;
            a.LrSchedulerType = "cosine";
            configure?.Invoke(a);
        }), TinyRegression.Data(100), null, TinyRegression.Collator, callbacks);

    [Test]
    public void AStopInsideAnAccumulationWindowFinishesTheUpdateSavesItAndResumesByteIdentically()
    {
        using var uninterrupted = new TempFolder();
        using var stopped = new TempFolder();
        using (var model = new TinyRegression()) NewTrainer(model, uninterrupted.Path).Train();

        using var source = new CancellationTokenSource();
        TrainingStoppedException? stop;
        using (var model = new TinyRegression())
        {
            var trainer = NewTrainer(model, stopped.Path, [new CancelInsideUpdate(source, step: 9)]);
            stop = Assert.Throws<TrainingStoppedException>(() => trainer.Train(cancellationToken: source.Token));
            Assert.That(trainer.State.GlobalStep, Is.EqualTo(9), "the update in progress is finished, no later one started");
        }

        var checkpoint = Path.GetFullPath(Path.Combine(stopped.Path, "checkpoint-9"));
        Assert.That(stop!.Checkpoint, Is.EqualTo(checkpoint));
        Assert.That(stop.GlobalStep, Is.EqualTo(9));
        Assert.That(stop.CancellationToken, Is.EqualTo(source.Token));
        Assert.That(stop.Message, Does.Contain("Training:ResumeFromCheckpoint=" + checkpoint));
        CrashTests.AssertLoadable(checkpoint);
        Assert.That(CheckpointFiles.List(stopped.Path), Has.Count.EqualTo(1), "SaveSteps = 20: the stop wrote the only checkpoint");

        using (var model = new TinyRegression(seed: 99)) NewTrainer(model, stopped.Path).Train(resumeFromCheckpoint: stop.Checkpoint);
        foreach (var file in new[] { CheckpointFiles.Model, CheckpointFiles.Optimizer, CheckpointFiles.Scheduler, CheckpointFiles.RngState })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(stopped.Path, "checkpoint-20", file)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(uninterrupted.Path, "checkpoint-20", file))), file);
        }
    }

    [Test]
    public void AStopAtASaveStepReusesThatCheckpoint()
    {
        using var folder = new TempFolder();
        using var source = new CancellationTokenSource();
        using var model = new TinyRegression();
        var trainer = NewTrainer(model, folder.Path, [new CancelAfterStep(source, step: 10)], a => a.SaveSteps = 10);
        var stop = Assert.Throws<TrainingStoppedException>(() => trainer.Train(cancellationToken: source.Token));
        Assert.That(stop!.Checkpoint, Is.EqualTo(Path.GetFullPath(Path.Combine(folder.Path, "checkpoint-10"))));
        Assert.That(trainer.State.LogHistory.Count(e => e.ContainsKey("loss")), Is.EqualTo(2), "steps 5 and 10 were logged, nothing after");
    }

    [Test]
    public void WithoutJitCheckpointAStopSavesNothing()
    {
        using var folder = new TempFolder();
        using var source = new CancellationTokenSource();
        using var model = new TinyRegression();
        var trainer = NewTrainer(model, folder.Path, [new CancelAfterStep(source, step: 3)], a => a.EnableJitCheckpoint = false);
        var stop = Assert.Throws<TrainingStoppedException>(() => trainer.Train(cancellationToken: source.Token));
        Assert.That(stop!.Checkpoint, Is.Null);
        Assert.That(stop.GlobalStep, Is.EqualTo(3));
        Assert.That(CheckpointFiles.List(folder.Path), Is.Empty);
    }

    [Test]
    public void ATokenCancelledAfterTheLastUpdateDoesNotStopTheRun()
    {
        using var folder = new TempFolder();
        using var source = new CancellationTokenSource();
        using var model = new TinyRegression();
        var trainer = NewTrainer(model, folder.Path, [new CancelAfterStep(source, step: 20)]);
        Assert.That(trainer.Train(cancellationToken: source.Token).GlobalStep, Is.EqualTo(20));
    }

    [TestCase(true, 20)]
    [TestCase(false, 25)]
    public void EarlyStoppingsCounterIsRestoredOnResumeWhenAsked(bool restore, long expectedLastStep)
    {
        using var folder = new TempFolder();
        void Configure(TrainingArguments a)
        {
            a.MaxSteps = 100; a.GradientAccumulationSteps = 1; a.LearningRate = 0; a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 5;
            a.SaveSteps = 5; a.RestoreCallbackStatesFromCheckpoint = restore;
        }

        // lr 0: the first evaluation (step 5) is the best, every later one raises the counter; stopped at step 10 (counter 1).
        using var source = new CancellationTokenSource();
        using (var model = new TinyRegression())
        {
            var trainer = new Trainer(model, TinyRegression.Args(folder.Path, Configure), TinyRegression.Data(64), TinyRegression.Data(16),
                TinyRegression.Collator, [new EarlyStoppingCallback(patience: 3), new CancelAfterStep(source, step: 10)]);
            Assert.Throws<TrainingStoppedException>(() => trainer.Train(cancellationToken: source.Token));
        }

        using (var model = new TinyRegression())
        {
            var early = new EarlyStoppingCallback(patience: 3);
            var trainer = new Trainer(model, TinyRegression.Args(folder.Path, Configure), TinyRegression.Data(64), TinyRegression.Data(16),
                TinyRegression.Collator, [early]);
            trainer.Train(resumeFromCheckpoint: Path.Combine(folder.Path, "checkpoint-10"));
            Assert.That(trainer.State.GlobalStep, Is.EqualTo(expectedLastStep),
                restore ? "the counter 1 of step 10 was restored: two more evaluations stop the run" : "the counter started again at 0");
            Assert.That(early.PatienceCounter, Is.EqualTo(3));
        }
    }
}
