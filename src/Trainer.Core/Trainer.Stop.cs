using Microsoft.Extensions.Logging;
using Training.TorchExtensions;

namespace Training.Core;

public partial class Trainer
{
    // Latches the token's state at an update boundary: once seen, the run stops even if the epoch loop ends first.
    private bool StopRequestedNow()
    {
        if (!stopRequested && stopToken.IsCancellationRequested && State.GlobalStep < State.MaxSteps) stopRequested = true;
        return stopRequested;
    }

    // Transformers' enable_jit_checkpoint: the finished update is saved whatever SaveStrategy says (once: a save
    // that was due at this step already wrote it), then the run ends with the folder to resume from.
    private void StopOnRequest()
    {
        var folder = CheckpointFiles.Folder(Args.OutputDir, State.GlobalStep);
        string? checkpoint = Directory.Exists(folder) ? folder : null;
        if (checkpoint is null && Args.EnableJitCheckpoint) checkpoint = SaveCheckpoint();
        if (checkpoint is null)
            Logger.LogWarning("Training stopped on request at step {Step}; no checkpoint written (EnableJitCheckpoint is false)", State.GlobalStep);
        else
            Logger.LogWarning("Training stopped on request at step {Step}; resume with Training:ResumeFromCheckpoint={Checkpoint}",
                State.GlobalStep, Path.GetFullPath(checkpoint));
        Callbacks.OnTrainEnd();
        throw new TrainingStoppedException(State.GlobalStep, checkpoint is null ? null : Path.GetFullPath(checkpoint), stopToken);
    }

    // Transformers' _load_callback_state. The control flags are not among them here: the flags of a save point steer
    // only the step that was being finished, and the resumed loop clears each of them (OnTrainBegin, OnEpochBegin,
    // OnStepBegin) before it would act on it, so restoring them would change nothing.
    private void RestoreCallbackStates()
    {
        foreach (var callback in Callbacks.Callbacks.OfType<IStatefulCallback>())
        {
            if (State.StatefulCallbacks.TryGetValue(callback.StateKey, out var saved))
            {
                callback.RestoreState(saved);
                Logger.LogInformation("Restored the state of {Callback} from the checkpoint", callback.StateKey);
            }
        }
    }
}
