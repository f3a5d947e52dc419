namespace Training.Core.Tests;

[NonParallelizable]
public class CallbackTests
{
    private sealed class Recorder : TrainerCallback
    {
        public List<string> Events { get; } = [];

        public override void OnInitEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("init_end");
        public override void OnTrainBegin(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("train_begin");
        public override void OnEpochBegin(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("epoch_begin");
        public override void OnStepBegin(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("step_begin");
        public override void OnSubstepEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("substep_end");
        public override void OnPreOptimizerStep(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("pre_optimizer_step");
        public override void OnOptimizerStep(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("optimizer_step");
        public override void OnStepEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("step_end");
        public override void OnLog(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("log");
        public override void OnEvaluate(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("evaluate");
        public override void OnPredictionStep(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("prediction_step");
        public override void OnSave(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("save");
        public override void OnEpochEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("epoch_end");
        public override void OnTrainEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Events.Add("train_end");
    }

    [Test]
    public void EventsFireInTransformersOrder()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var recorder = new Recorder();
        var args = TinyRegression.Args(folder.Path, a =>
        {
            a.MaxSteps = 2; a.PerDeviceTrainBatchSize = 4; a.GradientAccumulationSteps = 2; a.LoggingSteps = 2;
            a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 2; a.PerDeviceEvalBatchSize = 8;
            a.SaveStrategy = SaveStrategy.Steps; a.SaveSteps = 2;
        });
        new Trainer(model, args, TinyRegression.Data(16), TinyRegression.Data(8), TinyRegression.Collator, [recorder]).Train();
        string[] update = ["step_begin", "substep_end", "pre_optimizer_step", "optimizer_step", "step_end"];
        Assert.That(recorder.Events, Is.EqualTo(new[] { "init_end", "train_begin", "epoch_begin" }
            .Concat(update)
            .Concat(update)
            .Concat(["log", "prediction_step", "log", "evaluate", "save", "epoch_end", "train_end", "log"])));
    }

    [Test]
    public void TheEvaluationOnStartFollowsTrainBeginAsInTransformers()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var recorder = new Recorder();
        var args = TinyRegression.Args(folder.Path, a =>
        {
            a.MaxSteps = 1; a.PerDeviceTrainBatchSize = 4; a.EvalOnStart = true; a.PerDeviceEvalBatchSize = 8;
            a.LoggingStrategy = IntervalStrategy.No;
        });
        new Trainer(model, args, TinyRegression.Data(16), TinyRegression.Data(8), TinyRegression.Collator, [recorder]).Train();
        Assert.That(recorder.Events.Take(6), Is.EqualTo(new[] { "init_end", "train_begin", "prediction_step", "log", "evaluate", "epoch_begin" }));
    }

    private sealed class Broken : TrainerCallback
    {
        public override void OnLog(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => throw new InvalidOperationException("reporting service down");
    }

    [Test]
    public void AFailingReportingCallbackDoesNotStopTrainingUnlessAsked()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a => { a.MaxSteps = 4; a.LoggingSteps = 1; }),
            TinyRegression.Data(64), null, TinyRegression.Collator, [new Broken()]);
        Assert.That(trainer.Train().GlobalStep, Is.EqualTo(4));

        var strict = new Trainer(model, TinyRegression.Args(folder.Path, a => { a.MaxSteps = 4; a.LoggingSteps = 1; a.StopOnCallbackError = true; }),
            TinyRegression.Data(64), null, TinyRegression.Collator, [new Broken()]);
        Assert.Throws<InvalidOperationException>(() => strict.Train());
    }

    [Test]
    public void EarlyStoppingEndsTheRunWhenTheMetricStalls()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a =>
            {
                a.MaxSteps = 100; a.LearningRate = 0; a.EvalStrategy = IntervalStrategy.Steps; a.EvalSteps = 5;
            }),
            TinyRegression.Data(64), TinyRegression.Data(16), TinyRegression.Collator, [new EarlyStoppingCallback(patience: 2)]);
        trainer.Train();
        Assert.That(trainer.State.GlobalStep, Is.EqualTo(15), "lr 0: no improvement after the first evaluation; two more and it stops");
    }
}
