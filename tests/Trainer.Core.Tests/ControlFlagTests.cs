namespace Training.Core.Tests;

/// <summary>
/// Control flags as Transformers' CallbackHandler treats them: log/evaluate/save are cleared when a step begins and
/// when their event has run, so a flag a callback sets anywhere in a step before the loop acts on it takes effect.
/// </summary>
[NonParallelizable]
public class ControlFlagTests
{
    /// <summary>Sets one flag at one event of one step.</summary>
    private sealed class SetFlag(string when, long atStep, Action<TrainerControl> set) : TrainerCallback
    {
        // The step an event belongs to: GlobalStep counts finished updates, so during update n it is n - 1.
        private void At(string name, TrainerState state, TrainerControl control, long offset)
        {
            if (name == when && state.GlobalStep + offset == atStep) set(control);
        }

        public override void OnStepBegin(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => At("step_begin", s, c, 1);
        public override void OnSubstepEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => At("substep_end", s, c, 1);
        public override void OnPreOptimizerStep(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => At("pre_optimizer_step", s, c, 1);
    }

    private static Trainer NewTrainer(string folder, TinyRegression model, TrainerCallback callback) =>
        new(model, TinyRegression.Args(folder, a =>
        {
            a.MaxSteps = 6; a.GradientAccumulationSteps = 2; a.LoggingStrategy = IntervalStrategy.No;
            a.SaveStrategy = SaveStrategy.No; a.EvalStrategy = IntervalStrategy.No;
        }), TinyRegression.Data(128), TinyRegression.Data(16, seed: 5), TinyRegression.Collator, [callback]);

    [TestCase("step_begin")]
    [TestCase("substep_end")]
    [TestCase("pre_optimizer_step")]
    public void ASaveRequestedDuringAStepIsCarriedOut(string when)
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        NewTrainer(folder.Path, model, new SetFlag(when, 3, c => c.ShouldSave = true)).Train();
        Assert.That(CheckpointFiles.List(folder.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "checkpoint-3" }));
    }

    [TestCase("step_begin")]
    [TestCase("pre_optimizer_step")]
    public void ALogAndAnEvaluationRequestedDuringAStepAreCarriedOutOnce(string when)
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = NewTrainer(folder.Path, model, new SetFlag(when, 4, c => { c.ShouldLog = true; c.ShouldEvaluate = true; }));
        trainer.Train();
        var history = trainer.State.LogHistory;
        Assert.That(history.Where(e => e.ContainsKey("loss")).Select(e => e["step"]), Is.EqualTo(new[] { 4.0 }), "one training log, at step 4");
        Assert.That(history.Where(e => e.ContainsKey("eval_loss")).Select(e => e["step"]), Is.EqualTo(new[] { 4.0 }), "one evaluation, at step 4");
    }

    [Test]
    public void AUsersEvaluateChangesNothingOfTheTraining()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a =>
        {
            a.MaxSteps = 4; a.LrSchedulerType = "reduce_lr_on_plateau"; a.SaveStrategy = SaveStrategy.Best;
            a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 100; a.MetricForBestModel = "loss";
        }), TinyRegression.Data(64), TinyRegression.Data(16, seed: 5), TinyRegression.Collator);
        trainer.CreateOptimizerAndScheduler(4);
        var before = trainer.LrScheduler!.StateDict()["last_epoch"];
        var metrics = trainer.Evaluate();
        Assert.Multiple(() =>
        {
            Assert.That(metrics.ContainsKey("eval_loss"), Is.True);
            Assert.That(trainer.State.BestMetric, Is.Null, "no best metric from a user's evaluation");
            Assert.That(trainer.State.BestGlobalStep, Is.Null);
            Assert.That(trainer.Control.ShouldSave, Is.False, "SaveStrategy.Best asks for no save");
            Assert.That(trainer.LrScheduler!.StateDict()["last_epoch"], Is.EqualTo(before), "the plateau scheduler did not step");
        });
    }
}
