using Training.TorchExtensions;
namespace Training.Core.Tests.NonFinite;

/// <summary>
/// The guards inside a training run: a NaN injected into one update at a chosen step (the loss and the gradient
/// norm were finite when checked, as with a huge step), a scheduler yielding a bad learning rate at a chosen step,
/// and a NaN loss in the log history surviving a checkpoint save and a resume.
/// </summary>
[NonParallelizable]
public class NonFiniteTrainingTests
{
    private const int PoisonedStep = 4;
    private const int MaxSteps = 8;

    /// <summary>
    /// At <see cref="PoisonedStep"/>, just before optimizer.Step(), clones the parameters and the optimizer's state
    /// tensors, then writes NaN into a gradient; at that step's end, records whether everything equals the clones.
    /// </summary>
    private sealed class PoisonOneUpdate(int step) : TrainerCallback
    {
        private List<Tensor>? parametersBefore;
        private List<(string Key, object Value)>[]? stateBefore;

        public Trainer? Trainer { get; set; }
        public bool? UnchangedAfterPoisonedStep { get; private set; }
        public bool? ParametersFiniteAfterPoisonedStep { get; private set; }

        public override void OnPreOptimizerStep(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
        {
            if (state.GlobalStep + 1 != step) return;
            var optimizer = Trainer!.Optimizer!;
            var parameters = optimizer.Parameters.ToList();
            parametersBefore = parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToList();
            stateBefore = parameters.Select(p => optimizer.GetState(p)!.Entries
                .Select(e => (e.Key, e.Value is Tensor t ? (object)t.clone().DetachFromDisposeScope() : e.Value)).ToList()).ToArray();
            using var noGrad = torch.no_grad();
            parameters[0].grad![0].fill_(Scalars.Keep(double.NaN));
        }

        public override void OnStepEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
        {
            if (state.GlobalStep != step) return;
            var optimizer = Trainer!.Optimizer!;
            var parameters = optimizer.Parameters.ToList();
            ParametersFiniteAfterPoisonedStep = NonFiniteGuard.AllFinite(parameters);
            UnchangedAfterPoisonedStep = parameters.Select((p, i) => p.ValuesEqual(parametersBefore![i]) &&
                stateBefore![i].All(e => e.Value is Tensor t
                    ? optimizer.GetState(p)!.Tensor(e.Key).ValuesEqual(t)
                    : optimizer.GetState(p)!.Scalar(e.Key) == Convert.ToDouble(e.Value))).All(x => x);
        }
    }

    private static (Trainer Trainer, PoisonOneUpdate Poison, RecordingLoggerFactory Logs) Poisoned(TinyRegression model, string folder,
        NonFiniteParameterPolicy policy, NonFinitePolicy lossPolicy = NonFinitePolicy.Skip)
    {
        var poison = new PoisonOneUpdate(PoisonedStep);
        var logs = new RecordingLoggerFactory();
        var trainer = new Trainer(model, TinyRegression.Args(folder, a => { a.MaxSteps = MaxSteps; a.NonFiniteParameters = policy; a.NonFiniteLoss = lossPolicy; }),
            TinyRegression.Data(128), null, TinyRegression.Collator, [poison], services: logs);
        poison.Trainer = trainer;
        return (trainer, poison, logs);
    }

    [Test]
    public void Skip_undoes_the_poisoned_update_bitwise_and_training_continues()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var (trainer, poison, logs) = Poisoned(model, folder.Path, NonFiniteParameterPolicy.Skip);
        var output = trainer.Train();
        Assert.Multiple(() =>
        {
            Assert.That(poison.UnchangedAfterPoisonedStep, Is.True, "parameters and optimizer state bitwise as before step 4");
            Assert.That(output.GlobalStep, Is.EqualTo(MaxSteps), "training went on to the end");
            Assert.That(NonFiniteGuard.AllFinite(model.parameters().Cast<Tensor>().ToList()), Is.True, "finite at the end");
            Assert.That(trainer.Optimizer!.GetState(trainer.Optimizer.Parameters.First())!.Step, Is.EqualTo(MaxSteps - 1), "one update undone");
            Assert.That(logs.Warnings.Single(), Does.StartWith($"Step {PoisonedStep}: the update made parameters non-finite (hidden.weight)"));
        });
    }

    [Test]
    public void Stop_undoes_the_poisoned_update_and_throws_naming_the_step()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var (trainer, _, _) = Poisoned(model, folder.Path, NonFiniteParameterPolicy.Stop);
        var e = Assert.Throws<NonFiniteParametersException>(() => trainer.Train());
        Assert.Multiple(() =>
        {
            Assert.That(e!.Step, Is.EqualTo(PoisonedStep));
            Assert.That(e.Message, Does.StartWith($"step {PoisonedStep}: the update made parameters non-finite").And.Contain("NonFiniteParameters=Stop"));
            Assert.That(NonFiniteGuard.AllFinite(model.parameters().Cast<Tensor>().ToList()), Is.True, "the model keeps its last finite parameters");
            Assert.That(trainer.Optimizer!.GetState(trainer.Optimizer.Parameters.First())!.Step, Is.EqualTo(PoisonedStep - 1));
        });
    }

    /// <summary>By default the parameter guard does what the loss guard is set to do.</summary>
    [TestCase(NonFinitePolicy.Skip)]
    [TestCase(NonFinitePolicy.Stop)]
    public void Auto_follows_the_loss_policy(NonFinitePolicy lossPolicy)
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        Assert.That(new TrainingArguments().NonFiniteParameters, Is.EqualTo(NonFiniteParameterPolicy.Auto), "the default");
        var (trainer, poison, _) = Poisoned(model, folder.Path, NonFiniteParameterPolicy.Auto, lossPolicy);
        if (lossPolicy == NonFinitePolicy.Stop)
        {
            var e = Assert.Throws<NonFiniteParametersException>(() => trainer.Train());
            Assert.That(e!.Step, Is.EqualTo(PoisonedStep));
        }
        else
        {
            Assert.That(trainer.Train().GlobalStep, Is.EqualTo(MaxSteps));
            Assert.That(poison.UnchangedAfterPoisonedStep, Is.True, "the poisoned update was undone");
        }

        Assert.That(NonFiniteGuard.AllFinite(model.parameters().Cast<Tensor>().ToList()), Is.True);
    }

    /// <summary>Without the guard the same injection reaches the parameters: what the guard is for.</summary>
    [Test]
    public void Off_lets_the_poisoned_update_through()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var (trainer, poison, _) = Poisoned(model, folder.Path, NonFiniteParameterPolicy.Off);
        trainer.Train();
        Assert.That(poison.ParametersFiniteAfterPoisonedStep, Is.False);
    }

    public static IEnumerable<TestCaseData> BadLearningRates()
    {
        yield return new TestCaseData(double.NaN, "NaN").SetName("A_NaN_learning_rate_is_refused");
        yield return new TestCaseData(double.PositiveInfinity, "Infinity").SetName("An_infinite_learning_rate_is_refused");
        yield return new TestCaseData(-1.0, "-0.01").SetName("A_negative_learning_rate_is_refused");
    }

    // lr = 0.01 · factor(t); the factor is bad only at the chosen step (the scheduler's t is the step - 1).
    private static (Trainer Trainer, RecordingLoggerFactory Logs) WithBadSchedule(TinyRegression model, string folder, double factor, NonFinitePolicy policy)
    {
        var logs = new RecordingLoggerFactory();
        var args = TinyRegression.Args(folder, a => { a.MaxSteps = MaxSteps; a.NonFiniteLoss = policy; });
        var optimizer = new Sgd(model.parameters(), new SgdOptions { LearningRate = 0.01 });
        var scheduler = LRSchedulers.LambdaLR(optimizer, t => t == PoisonedStep - 1 ? factor : 1.0);
        return (new Trainer(model, args, TinyRegression.Data(128), null, TinyRegression.Collator, optimizers: (optimizer, scheduler), services: logs), logs);
    }

    [TestCaseSource(nameof(BadLearningRates))]
    public void Skip_policy_skips_the_update_with_a_bad_learning_rate(double factor, string shown)
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var (trainer, logs) = WithBadSchedule(model, folder.Path, factor, NonFinitePolicy.Skip);
        List<Tensor>? before = null;
        bool? unchanged = null;
        trainer.Callbacks.Add(new StepProbe(
            onBegin: s => { if (s == PoisonedStep) before = model.parameters().Select(p => p.detach().clone().DetachFromDisposeScope()).ToList(); },
            onEnd: s => { if (s == PoisonedStep) unchanged = model.parameters().Zip(before!).All(p => p.First.ValuesEqual(p.Second)); }));
        var output = trainer.Train();
        Assert.Multiple(() =>
        {
            Assert.That(unchanged, Is.True, "the update of that step was not applied");
            Assert.That(output.GlobalStep, Is.EqualTo(MaxSteps));
            Assert.That(trainer.Optimizer!.ParamGroups[0].LearningRate, Is.EqualTo(0.01), "the schedule moved past the bad value");
            Assert.That(logs.Warnings.Single(), Is.EqualTo(
                $"Step {PoisonedStep}: the scheduler '{trainer.LrScheduler!.Name}' produced an invalid learning rate (parameter group 0: lr = {shown}); the update is skipped and the parameters are unchanged"));
        });
    }

    [TestCaseSource(nameof(BadLearningRates))]
    public void Stop_policy_throws_naming_the_scheduler_and_the_step(double factor, string shown)
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var (trainer, _) = WithBadSchedule(model, folder.Path, factor, NonFinitePolicy.Stop);
        var e = Assert.Throws<InvalidLearningRateException>(() => trainer.Train());
        Assert.Multiple(() =>
        {
            Assert.That(e!.Step, Is.EqualTo(PoisonedStep));
            Assert.That(e.Scheduler, Is.EqualTo(trainer.LrScheduler!.Name));
            Assert.That(e.Message, Does.StartWith($"step {PoisonedStep}: the scheduler '{trainer.LrScheduler.Name}' produced an invalid learning rate (parameter group 0: lr = {shown};"));
            Assert.That(trainer.State.GlobalStep, Is.EqualTo(PoisonedStep - 1));
        });
    }

    /// <summary>A NaN loss logged (filter off) at a save step: the checkpoint is written, Python reads it, the run resumes from it.</summary>
    [Test]
    public void A_NaN_loss_in_the_log_history_is_saved_and_resumed()
    {
        using var folder = new TempFolder();
        var poisoned = new DataCollator<(float[] X, float Y)>(examples => new Batch(examples.Count, new Dictionary<string, Tensor>
        {
            ["x"] = torch.full(new long[] { examples.Count, 4 }, Scalars.Keep(float.NaN)),
            ["y"] = torch.zeros(examples.Count),
        }));
        TrainingArguments Args(long maxSteps) => TinyRegression.Args(folder.Path, a =>
        {
            a.MaxSteps = maxSteps; a.LoggingSteps = 2; a.LoggingNanInfFilter = false; a.SaveStrategy = SaveStrategy.Steps; a.SaveSteps = 2;
        });
        using (var model = new TinyRegression())
            new Trainer(model, Args(2), TinyRegression.Data(64), null, poisoned).Train();
        var statePath = Path.Combine(folder.Path, "checkpoint-2", CheckpointFiles.TrainerState);
        Assert.That(File.ReadAllText(statePath), Does.Contain("\"loss\": NaN"));
        Assert.That(PythonTorch.Run("import json, sys; print(json.load(open(sys.argv[1]))['log_history'][0]['loss'])", statePath).Trim(), Is.EqualTo("nan"));

        using var resumedModel = new TinyRegression();
        var resumed = new Trainer(resumedModel, Args(4), TinyRegression.Data(64), null, TinyRegression.Collator);
        var output = resumed.Train(Path.Combine(folder.Path, "checkpoint-2"));
        Assert.Multiple(() =>
        {
            Assert.That(output.GlobalStep, Is.EqualTo(4));
            Assert.That(resumed.State.LogHistory[0]["loss"], Is.NaN, "the restored history keeps the NaN");
            Assert.That(resumed.State.LogHistory.Where(e => e.ContainsKey("loss")).Last()["loss"], Is.Not.NaN, "clean batches after the resume");
        });
    }

    private sealed class StepProbe(Action<long> onBegin, Action<long> onEnd) : TrainerCallback
    {
        public override void OnStepBegin(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) => onBegin(state.GlobalStep + 1);

        public override void OnStepEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) => onEnd(state.GlobalStep);
    }
}
