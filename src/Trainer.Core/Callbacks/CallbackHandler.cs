using Microsoft.Extensions.Logging;
using TorchSharp;
using Training.Optim;
using Training.Schedulers;

namespace Training.Core;

/// <summary>
/// Runs the callbacks of a Trainer, in order, one method per <see cref="TrainerCallback"/> event (Transformers'
/// <c>CallbackHandler</c>). It holds what every event passes — the arguments, the current state, the control flags,
/// the model, optimizer and scheduler — and resets the control flags where Transformers' handler does: the flag an
/// event acts on is cleared when that event begins (<see cref="OnTrainBegin"/>, <see cref="OnEpochBegin"/>,
/// <see cref="OnStepBegin"/>, <see cref="OnEvaluate"/>, <see cref="OnSave"/>, <see cref="OnLog"/>), so a flag a
/// callback sets anywhere before the loop acts on it takes effect. A non-critical callback that throws is logged and
/// skipped (a broken reporting integration must not kill a long run) unless <c>StopOnCallbackError</c> is set.
/// Built by the Trainer; reach it as <see cref="Trainer.Callbacks"/>.
/// </summary>
public sealed class CallbackHandler
{
    private readonly List<TrainerCallback> callbacks;
    private readonly TrainingArguments args;
    private readonly Func<TrainerState> state;
    private readonly torch.nn.Module model;
    private readonly Func<Optimizer?> optimizer;
    private readonly Func<Scheduler?> scheduler;
    private readonly ILogger logger;

    /// <param name="callbacks">The callbacks, in call order.</param>
    /// <param name="args">The run's arguments.</param>
    /// <param name="state">The current state: the Trainer replaces its state when training starts and when it resumes.</param>
    /// <param name="control">The flags callbacks set; the same object the training loop reads.</param>
    /// <param name="model">The model being trained.</param>
    /// <param name="optimizer">The current optimizer (null before it is created).</param>
    /// <param name="scheduler">The current scheduler (null before it is created).</param>
    /// <param name="logger">Where failures of non-critical callbacks go.</param>
    internal CallbackHandler(IEnumerable<TrainerCallback> callbacks, TrainingArguments args, Func<TrainerState> state, TrainerControl control,
        torch.nn.Module model, Func<Optimizer?> optimizer, Func<Scheduler?> scheduler, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        this.callbacks = [];
        foreach (var callback in callbacks) Add(callback);
        this.args = args ?? throw new ArgumentNullException(nameof(args));
        this.state = state ?? throw new ArgumentNullException(nameof(state));
        Control = control ?? throw new ArgumentNullException(nameof(control));
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        this.scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The callbacks, in call order.</summary>
    public IReadOnlyList<TrainerCallback> Callbacks => callbacks;

    /// <summary>The flags the callbacks set (the Trainer's <see cref="Trainer.Control"/>); every event returns it.</summary>
    public TrainerControl Control { get; }

    /// <summary>Appends a callback.</summary>
    public void Add(TrainerCallback callback) => callbacks.Add(callback ?? throw new ArgumentNullException(nameof(callback)));

    /// <summary>Removes every callback of a type.</summary>
    public void Remove<T>() where T : TrainerCallback => callbacks.RemoveAll(c => c is T);

    /// <summary>After the Trainer is constructed.</summary>
    public TrainerControl OnInitEnd() => Call(nameof(TrainerCallback.OnInitEnd), static (c, a, s, k, x) => c.OnInitEnd(a, s, k, x));

    /// <summary>Before the first step; clears <see cref="TrainerControl.ShouldTrainingStop"/> first.</summary>
    public TrainerControl OnTrainBegin()
    {
        Control.ShouldTrainingStop = false;
        return Call(nameof(TrainerCallback.OnTrainBegin), static (c, a, s, k, x) => c.OnTrainBegin(a, s, k, x));
    }

    /// <summary>After the last step.</summary>
    public TrainerControl OnTrainEnd() => Call(nameof(TrainerCallback.OnTrainEnd), static (c, a, s, k, x) => c.OnTrainEnd(a, s, k, x));

    /// <summary>At the start of an epoch; clears <see cref="TrainerControl.ShouldEpochStop"/> first.</summary>
    public TrainerControl OnEpochBegin()
    {
        Control.ShouldEpochStop = false;
        return Call(nameof(TrainerCallback.OnEpochBegin), static (c, a, s, k, x) => c.OnEpochBegin(a, s, k, x));
    }

    /// <summary>At the end of an epoch.</summary>
    public TrainerControl OnEpochEnd() => Call(nameof(TrainerCallback.OnEpochEnd), static (c, a, s, k, x) => c.OnEpochEnd(a, s, k, x));

    /// <summary>
    /// Before the first micro-batch of an update; clears <see cref="TrainerControl.ShouldLog"/>,
    /// <see cref="TrainerControl.ShouldEvaluate"/> and <see cref="TrainerControl.ShouldSave"/> first.
    /// </summary>
    public TrainerControl OnStepBegin()
    {
        Control.ShouldLog = false;
        Control.ShouldEvaluate = false;
        Control.ShouldSave = false;
        return Call(nameof(TrainerCallback.OnStepBegin), static (c, a, s, k, x) => c.OnStepBegin(a, s, k, x));
    }

    /// <summary>After each micro-batch but the last of an update.</summary>
    public TrainerControl OnSubstepEnd() => Call(nameof(TrainerCallback.OnSubstepEnd), static (c, a, s, k, x) => c.OnSubstepEnd(a, s, k, x));

    /// <summary>After clipping, before <c>optimizer.Step()</c>.</summary>
    public TrainerControl OnPreOptimizerStep() =>
        Call(nameof(TrainerCallback.OnPreOptimizerStep), static (c, a, s, k, x) => c.OnPreOptimizerStep(a, s, k, x));

    /// <summary>After <c>optimizer.Step()</c>.</summary>
    public TrainerControl OnOptimizerStep() => Call(nameof(TrainerCallback.OnOptimizerStep), static (c, a, s, k, x) => c.OnOptimizerStep(a, s, k, x));

    /// <summary>After an optimizer update is complete.</summary>
    public TrainerControl OnStepEnd() => Call(nameof(TrainerCallback.OnStepEnd), static (c, a, s, k, x) => c.OnStepEnd(a, s, k, x));

    /// <summary>After an evaluation, with its metrics; clears <see cref="TrainerControl.ShouldEvaluate"/> first.</summary>
    public TrainerControl OnEvaluate(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Control.ShouldEvaluate = false;
        return Call(nameof(TrainerCallback.OnEvaluate), static (c, a, s, k, x) => c.OnEvaluate(a, s, k, x), metrics);
    }

    /// <summary>After a prediction (<see cref="Trainer.Predict"/>), with its metrics.</summary>
    public TrainerControl OnPredict(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Call(nameof(TrainerCallback.OnPredict), static (c, a, s, k, x) => c.OnPredict(a, s, k, x), metrics);
    }

    /// <summary>After each evaluation or prediction batch.</summary>
    public TrainerControl OnPredictionStep() =>
        Call(nameof(TrainerCallback.OnPredictionStep), static (c, a, s, k, x) => c.OnPredictionStep(a, s, k, x));

    /// <summary>After a checkpoint is written; clears <see cref="TrainerControl.ShouldSave"/> first.</summary>
    public TrainerControl OnSave()
    {
        Control.ShouldSave = false;
        return Call(nameof(TrainerCallback.OnSave), static (c, a, s, k, x) => c.OnSave(a, s, k, x));
    }

    /// <summary>When an entry is logged, with the entry; clears <see cref="TrainerControl.ShouldLog"/> first.</summary>
    public TrainerControl OnLog(IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        Control.ShouldLog = false;
        return Call(nameof(TrainerCallback.OnLog), static (c, a, s, k, x) => c.OnLog(a, s, k, x), logs);
    }

    private TrainerControl Call(string eventName, Action<TrainerCallback, TrainingArguments, TrainerState, TrainerControl, CallbackContext> call,
        IReadOnlyDictionary<string, double>? values = null)
    {
        // Read once per event: every callback of one event sees the same state, optimizer and scheduler.
        var current = state();
        var context = new CallbackContext { Model = model, Optimizer = optimizer(), Scheduler = scheduler(), Values = values };
        foreach (var callback in callbacks)
        {
            try
            {
                call(callback, args, current, Control, context);
            }
            catch (Exception e) when (!callback.IsCritical && !args.StopOnCallbackError)
            {
                logger.LogError(e, "Callback {Callback} failed in {Event}; training continues (set Training:StopOnCallbackError to stop instead)",
                    callback.GetType().Name, eventName);
            }
        }

        return Control;
    }
}
