using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Training.Core.Tests;

/// <summary>
/// The callback handler on its own, as Transformers' CallbackHandler: one method per TrainerCallback event, each
/// reaching every callback in order with the arguments, the current state, the control flags and the model,
/// optimizer and scheduler; the flag an event acts on cleared when it begins; a failing reporting callback logged
/// and skipped, a failing critical one (or any one with StopOnCallbackError) propagated.
/// </summary>
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class CallbackHandlerTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, double> Metrics = new Dictionary<string, double> { ["eval_loss"] = 0.25 };
    private static readonly IReadOnlyDictionary<string, double> Logs = new Dictionary<string, double> { ["loss"] = 1.5, ["epoch"] = 0.5 };

    /// <summary>An event, how the handler raises it, the values callbacks get with it and the flags it clears first.</summary>
    public sealed record Event(string Name, Func<CallbackHandler, TrainerControl> Raise, IReadOnlyDictionary<string, double>? Values, string[] Clears)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<Event> Events() =>
    [
        new(nameof(TrainerCallback.OnInitEnd), h => h.OnInitEnd(), null, []),
        new(nameof(TrainerCallback.OnTrainBegin), h => h.OnTrainBegin(), null, [nameof(TrainerControl.ShouldTrainingStop)]),
        new(nameof(TrainerCallback.OnTrainEnd), h => h.OnTrainEnd(), null, []),
        new(nameof(TrainerCallback.OnEpochBegin), h => h.OnEpochBegin(), null, [nameof(TrainerControl.ShouldEpochStop)]),
        new(nameof(TrainerCallback.OnEpochEnd), h => h.OnEpochEnd(), null, []),
        new(nameof(TrainerCallback.OnStepBegin), h => h.OnStepBegin(), null,
            [nameof(TrainerControl.ShouldLog), nameof(TrainerControl.ShouldEvaluate), nameof(TrainerControl.ShouldSave)]),
        new(nameof(TrainerCallback.OnSubstepEnd), h => h.OnSubstepEnd(), null, []),
        new(nameof(TrainerCallback.OnPreOptimizerStep), h => h.OnPreOptimizerStep(), null, []),
        new(nameof(TrainerCallback.OnOptimizerStep), h => h.OnOptimizerStep(), null, []),
        new(nameof(TrainerCallback.OnStepEnd), h => h.OnStepEnd(), null, []),
        new(nameof(TrainerCallback.OnEvaluate), h => h.OnEvaluate(Metrics), Metrics, [nameof(TrainerControl.ShouldEvaluate)]),
        new(nameof(TrainerCallback.OnPredict), h => h.OnPredict(Metrics), Metrics, []),
        new(nameof(TrainerCallback.OnPredictionStep), h => h.OnPredictionStep(), null, []),
        new(nameof(TrainerCallback.OnSave), h => h.OnSave(), null, [nameof(TrainerControl.ShouldSave)]),
        new(nameof(TrainerCallback.OnLog), h => h.OnLog(Logs), Logs, [nameof(TrainerControl.ShouldLog)]),
    ];

    private static readonly string[] Flags =
    [
        nameof(TrainerControl.ShouldTrainingStop), nameof(TrainerControl.ShouldEpochStop), nameof(TrainerControl.ShouldLog),
        nameof(TrainerControl.ShouldEvaluate), nameof(TrainerControl.ShouldSave),
    ];

    /// <summary>One call a callback received.</summary>
    private sealed record Call(string Callback, string Event, TrainingArguments Args, TrainerState State, TrainerControl Control,
        CallbackContext Context, IReadOnlyDictionary<string, bool> FlagsSeen);

    /// <summary>Records every event; optionally sets or throws at one of them.</summary>
    private sealed class Recorder(string name, List<Call> calls, bool critical = false) : TrainerCallback
    {
        public string? ThrowAt { get; init; }

        public Action<TrainerControl>? OnEvent { get; init; }

        public override bool IsCritical => critical;

        private void Record(string e, TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x)
        {
            calls.Add(new Call(name, e, a, s, c, x, Flags.ToDictionary(f => f, f => Flag(c, f))));
            OnEvent?.Invoke(c);
            if (e == ThrowAt) throw new InvalidOperationException($"{name} is down");
        }

        public override void OnInitEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnInitEnd), a, s, c, x);
        public override void OnTrainBegin(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnTrainBegin), a, s, c, x);
        public override void OnTrainEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnTrainEnd), a, s, c, x);
        public override void OnEpochBegin(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnEpochBegin), a, s, c, x);
        public override void OnEpochEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnEpochEnd), a, s, c, x);
        public override void OnStepBegin(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnStepBegin), a, s, c, x);
        public override void OnSubstepEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnSubstepEnd), a, s, c, x);
        public override void OnPreOptimizerStep(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnPreOptimizerStep), a, s, c, x);
        public override void OnOptimizerStep(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnOptimizerStep), a, s, c, x);
        public override void OnStepEnd(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnStepEnd), a, s, c, x);
        public override void OnEvaluate(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnEvaluate), a, s, c, x);
        public override void OnPredict(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnPredict), a, s, c, x);
        public override void OnPredictionStep(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnPredictionStep), a, s, c, x);
        public override void OnSave(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnSave), a, s, c, x);
        public override void OnLog(TrainingArguments a, TrainerState s, TrainerControl c, CallbackContext x) => Record(nameof(OnLog), a, s, c, x);
    }

    private readonly TempFolder folder = new();
    private readonly TinyRegression model = new();
    private readonly Sgd optimizer;
    private readonly Scheduler scheduler;
    private readonly TrainingArguments args;
    private readonly TrainerControl control = new();
    private readonly RecordingLoggerFactory logs = new();
    private readonly List<Call> calls = [];
    private TrainerState state = new() { GlobalStep = 3, MaxSteps = 10 };

    public CallbackHandlerTests()
    {
        optimizer = new Sgd(model.parameters(), new SgdOptions { LearningRate = 0.01 });
        scheduler = LRSchedulers.LambdaLR(optimizer, _ => 1.0);
        args = TinyRegression.Args(folder.Path);
    }

    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
        folder.Dispose();
    }

    private CallbackHandler Handler(params TrainerCallback[] callbacks) =>
        new(callbacks, args, () => state, control, model, () => optimizer, () => scheduler, logs.CreateLogger("test"));

    private static bool Flag(TrainerControl control, string flag) => (bool)typeof(TrainerControl).GetProperty(flag)!.GetValue(control)!;

    private static void SetAll(TrainerControl control)
    {
        foreach (var flag in Flags) typeof(TrainerControl).GetProperty(flag)!.SetValue(control, true);
    }

    [Test]
    public void TheHandlerHasOneMethodPerEventOfTrainerCallback()
    {
        var events = typeof(TrainerCallback).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.IsVirtual && m.Name.StartsWith("On", StringComparison.Ordinal)).Select(m => m.Name);
        var raised = typeof(CallbackHandler).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name.StartsWith("On", StringComparison.Ordinal) && m.ReturnType == typeof(TrainerControl)).Select(m => m.Name);
        Assert.That(raised, Is.EquivalentTo(events));
        Assert.That(Events().Select(e => e.Name), Is.EquivalentTo(events), "every event is covered by the cases below");
        Assert.That(typeof(CallbackHandler).GetConstructors(), Is.Empty, "the Trainer builds its handler; users reach it as Trainer.Callbacks");
    }

    [TestCaseSource(nameof(Events))]
    public void AnEventReachesEveryCallbackInOrderWithItsArguments(Event e)
    {
        var handler = Handler(new Recorder("first", calls), new Recorder("second", calls), new Recorder("third", calls));
        Assert.That(e.Raise(handler), Is.SameAs(control), "every event returns the control");
        Assert.That(calls.Select(c => (c.Callback, c.Event)), Is.EqualTo(new[] { ("first", e.Name), ("second", e.Name), ("third", e.Name) }));
        foreach (var call in calls)
        {
            Assert.Multiple(() =>
            {
                Assert.That(call.Args, Is.SameAs(args));
                Assert.That(call.State, Is.SameAs(state));
                Assert.That(call.Control, Is.SameAs(control));
                Assert.That(call.Context.Model, Is.SameAs(model));
                Assert.That(call.Context.Optimizer, Is.SameAs(optimizer));
                Assert.That(call.Context.Scheduler, Is.SameAs(scheduler));
                Assert.That(call.Context.Values, Is.SameAs(e.Values), "metrics for OnEvaluate, the entry for OnLog, nothing else");
            });
        }
    }

    [Test]
    public void EachEventSeesTheStateOptimizerAndSchedulerCurrentWhenItIsRaised()
    {
        Optimizer? currentOptimizer = null;
        Scheduler? currentScheduler = null;
        var handler = new CallbackHandler([new Recorder("only", calls)], args, () => state, control, model,
            () => currentOptimizer, () => currentScheduler, logs.CreateLogger("test"));
        var before = state;
        handler.OnInitEnd();
        state = new TrainerState { GlobalStep = 0, MaxSteps = 10 };
        currentOptimizer = optimizer;
        currentScheduler = scheduler;
        handler.OnTrainBegin();
        Assert.Multiple(() =>
        {
            Assert.That(calls[0].State, Is.SameAs(before));
            Assert.That(calls[0].Context.Optimizer, Is.Null, "no optimizer yet at init end");
            Assert.That(calls[0].Context.Scheduler, Is.Null);
            Assert.That(calls[1].State, Is.SameAs(state), "the state the Trainer holds now (a new run, a resume)");
            Assert.That(calls[1].Context.Optimizer, Is.SameAs(optimizer));
            Assert.That(calls[1].Context.Scheduler, Is.SameAs(scheduler));
        });
    }

    [TestCaseSource(nameof(Events))]
    public void AnEventClearsTheFlagsTransformersClearsBeforeTheCallbacksRun(Event e)
    {
        var handler = Handler(new Recorder("only", calls));
        SetAll(control);
        e.Raise(handler);
        var expected = Flags.ToDictionary(f => f, f => !e.Clears.Contains(f));
        Assert.That(calls.Single().FlagsSeen, Is.EqualTo(expected), "what the callback saw");
        Assert.That(Flags.ToDictionary(f => f, f => Flag(control, f)), Is.EqualTo(expected), "what the loop sees after the event");
    }

    [TestCaseSource(nameof(Events))]
    public void AFlagACallbackSetsDuringAnEventSurvivesIt(Event e)
    {
        var handler = Handler(new Recorder("setter", calls) { OnEvent = SetAll }, new Recorder("after", calls));
        e.Raise(handler);
        Assert.That(Flags.All(f => Flag(control, f)), Is.True, "the clearing happens before the callbacks, never after");
        Assert.That(calls[1].FlagsSeen.Values.All(v => v), Is.True, "the next callback sees the flags the first one set");
    }

    [TestCaseSource(nameof(Events))]
    public void AFailingReportingCallbackIsLoggedAndTheNextOneStillRuns(Event e)
    {
        var handler = Handler(new Recorder("broken", calls) { ThrowAt = e.Name }, new Recorder("next", calls));
        Assert.That(e.Raise(handler), Is.SameAs(control));
        Assert.That(calls.Select(c => c.Callback), Is.EqualTo(new[] { "broken", "next" }));
        Assert.That(logs.Records.Where(r => r.Level == LogLevel.Error).Select(r => r.Message), Is.EqualTo(new[]
        {
            $"Callback Recorder failed in {e.Name}; training continues (set Training:StopOnCallbackError to stop instead)",
        }));
    }

    [TestCaseSource(nameof(Events))]
    public void AFailingCriticalCallbackStopsTheEvent(Event e)
    {
        var handler = Handler(new Recorder("flow", calls, critical: true) { ThrowAt = e.Name }, new Recorder("next", calls));
        var thrown = Assert.Throws<InvalidOperationException>(() => e.Raise(handler))!;
        Assert.That(thrown.Message, Is.EqualTo("flow is down"));
        Assert.That(calls.Select(c => c.Callback), Is.EqualTo(new[] { "flow" }), "the callbacks after it do not run");
        Assert.That(logs.Records, Is.Empty, "propagated, not logged");
    }

    [TestCaseSource(nameof(Events))]
    public void StopOnCallbackErrorPropagatesAFailingReportingCallback(Event e)
    {
        args.StopOnCallbackError = true;
        var handler = Handler(new Recorder("broken", calls) { ThrowAt = e.Name }, new Recorder("next", calls));
        var thrown = Assert.Throws<InvalidOperationException>(() => e.Raise(handler))!;
        Assert.That(thrown.Message, Is.EqualTo("broken is down"));
        Assert.That(calls.Select(c => c.Callback), Is.EqualTo(new[] { "broken" }));
        Assert.That(logs.Records, Is.Empty);
    }

    [Test]
    public void CallbacksCanBeAddedAndRemovedByType()
    {
        var handler = Handler(new Recorder("first", calls), new EarlyStoppingCallback());
        var added = new Recorder("added", calls);
        handler.Add(added);
        handler.Remove<EarlyStoppingCallback>();
        Assert.That(handler.Callbacks, Has.Count.EqualTo(2));
        Assert.That(handler.Callbacks[1], Is.SameAs(added));
        handler.OnStepEnd();
        Assert.That(calls.Select(c => c.Callback), Is.EqualTo(new[] { "first", "added" }));
        Assert.Throws<ArgumentNullException>(() => handler.Add(null!));
    }

    [Test]
    public void TheTrainersHandlerPassesTheTrainersOwnObjects()
    {
        var recorder = new Recorder("user", calls);
        var trainer = new Trainer(model, args, TinyRegression.Data(16), null, TinyRegression.Collator, [recorder]);
        var init = calls.Single();
        Assert.Multiple(() =>
        {
            Assert.That(init.Event, Is.EqualTo(nameof(TrainerCallback.OnInitEnd)));
            Assert.That(init.Args, Is.SameAs(trainer.Args));
            Assert.That(init.State, Is.SameAs(trainer.State));
            Assert.That(init.Control, Is.SameAs(trainer.Control));
            Assert.That(trainer.Callbacks.Control, Is.SameAs(trainer.Control));
            Assert.That(init.Context.Model, Is.SameAs(trainer.Model));
            Assert.That(trainer.Callbacks.Callbacks.Select(c => c.GetType()),
                Is.EqualTo(new[] { typeof(DefaultFlowCallback), typeof(LoggingCallback), typeof(Recorder) }), "the built-in ones first, then the user's");
        });
    }
}
