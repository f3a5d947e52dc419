using Training.Optim;
using Training.Schedulers;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Core;

/// <summary>What callbacks see besides args, state and control: the model, optimizer, scheduler, and logs or metrics.</summary>
public sealed class CallbackContext
{
    /// <summary>The model being trained.</summary>
    public required torch.nn.Module Model { get; init; }

    /// <summary>The optimizer (null before it is created).</summary>
    public Optimizer? Optimizer { get; init; }

    /// <summary>The scheduler (null before it is created).</summary>
    public Scheduler? Scheduler { get; init; }

    /// <summary>The entry being logged (OnLog) or the metrics (OnEvaluate, OnPredict).</summary>
    public IReadOnlyDictionary<string, double>? Values { get; init; }
}

/// <summary>
/// Hooks into the training loop, mirroring Transformers' <c>TrainerCallback</c>. Override what you need. A callback
/// that throws is logged and training goes on, unless <see cref="IsCritical"/> or <c>StopOnCallbackError</c>.
/// </summary>
public abstract class TrainerCallback
{
    /// <summary>True for callbacks whose failure must stop training (flow control); false for reporting ones.</summary>
    public virtual bool IsCritical => false;

    /// <summary>After the Trainer is constructed.</summary>
    public virtual void OnInitEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>Before the first step.</summary>
    public virtual void OnTrainBegin(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>After the last step.</summary>
    public virtual void OnTrainEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>At the start of an epoch.</summary>
    public virtual void OnEpochBegin(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>At the end of an epoch.</summary>
    public virtual void OnEpochEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>Before the first micro-batch of an optimizer update.</summary>
    public virtual void OnStepBegin(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>After each micro-batch but the last of an update (gradient accumulation).</summary>
    public virtual void OnSubstepEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>After clipping, before <c>optimizer.Step()</c>.</summary>
    public virtual void OnPreOptimizerStep(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>After <c>optimizer.Step()</c>, before the scheduler steps and gradients are cleared.</summary>
    public virtual void OnOptimizerStep(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>After an optimizer update is complete.</summary>
    public virtual void OnStepEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>After an evaluation; <see cref="CallbackContext.Values"/> holds the metrics.</summary>
    public virtual void OnEvaluate(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>After <see cref="Trainer.Predict"/>; <see cref="CallbackContext.Values"/> holds its metrics.</summary>
    public virtual void OnPredict(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>After each evaluation or prediction batch.</summary>
    public virtual void OnPredictionStep(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>After a checkpoint is written.</summary>
    public virtual void OnSave(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }

    /// <summary>When an entry is logged; <see cref="CallbackContext.Values"/> holds it.</summary>
    public virtual void OnLog(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) { }
}
