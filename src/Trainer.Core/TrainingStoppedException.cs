namespace Training.Core;

/// <summary>
/// <see cref="Trainer.Train(string?, CancellationToken)"/> stopped because its token was cancelled: the update in
/// progress was finished (never part of an accumulation window), and, with <see cref="TrainingArguments.EnableJitCheckpoint"/>,
/// a checkpoint of it was written. An <see cref="OperationCanceledException"/>, as .NET methods taking a token throw,
/// so code after <c>Train</c> (a final evaluation, saving the model) does not run on a half-trained model by mistake.
/// </summary>
public sealed class TrainingStoppedException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="globalStep">Updates done when training stopped.</param>
    /// <param name="checkpoint">The checkpoint to resume from (null when none was written or exists).</param>
    /// <param name="token">The token that was cancelled.</param>
    public TrainingStoppedException(long globalStep, string? checkpoint, CancellationToken token)
        : base(checkpoint is null
            ? $"training stopped on request at step {globalStep}; no checkpoint was written (Training:EnableJitCheckpoint is false and none exists for this step)"
            : $"training stopped on request at step {globalStep}; resume with Training:ResumeFromCheckpoint={checkpoint}", token)
    {
        GlobalStep = globalStep;
        Checkpoint = checkpoint;
    }

    /// <summary>Updates done when training stopped.</summary>
    public long GlobalStep { get; }

    /// <summary>The checkpoint folder holding step <see cref="GlobalStep"/> when one was written or already existed, else null.</summary>
    public string? Checkpoint { get; }
}
