namespace Training.Core;

/// <summary>
/// Decides when to log, evaluate and save from the strategies (Transformers' <c>DefaultFlowCallback</c>), and ends
/// training at <c>max_steps</c> with a final save.
/// </summary>
public sealed class DefaultFlowCallback : TrainerCallback
{
    /// <inheritdoc/>
    public override bool IsCritical => true;

    /// <inheritdoc/>
    public override void OnStepEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(control);
        var step = state.GlobalStep;
        if (step == 1 && args.LoggingFirstStep) control.ShouldLog = true;
        if (args.LoggingStrategy == IntervalStrategy.Steps && step % state.LoggingSteps == 0) control.ShouldLog = true;
        if (args.EvalStrategy == IntervalStrategy.Steps && step % state.EvalSteps == 0) control.ShouldEvaluate = true;
        if (args.SaveStrategy == SaveStrategy.Steps && state.SaveSteps > 0 && step % state.SaveSteps == 0) control.ShouldSave = true;
        if (step < state.MaxSteps) return;
        control.ShouldTrainingStop = true;
        if (args.SaveStrategy is not (SaveStrategy.No or SaveStrategy.Best)) control.ShouldSave = true;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(control);
        if (args.LoggingStrategy == IntervalStrategy.Epoch) control.ShouldLog = true;
        if (args.EvalStrategy == IntervalStrategy.Epoch) control.ShouldEvaluate = true;
        if (args.SaveStrategy == SaveStrategy.Epoch) control.ShouldSave = true;
    }
}
