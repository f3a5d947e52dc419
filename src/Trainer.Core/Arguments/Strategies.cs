namespace Training.Core;

/// <summary>When something happens during training (Transformers' <c>IntervalStrategy</c>); binds from "no", "steps", "epoch".</summary>
public enum IntervalStrategy
{
    /// <summary>Never.</summary>
    No,
    /// <summary>Every N optimizer updates.</summary>
    Steps,
    /// <summary>At the end of every epoch.</summary>
    Epoch,
}

/// <summary>When checkpoints are written (Transformers' <c>SaveStrategy</c>); "best" saves when the best metric improves.</summary>
public enum SaveStrategy
{
    /// <summary>Never.</summary>
    No,
    /// <summary>Every <c>SaveSteps</c> updates.</summary>
    Steps,
    /// <summary>At the end of every epoch.</summary>
    Epoch,
    /// <summary>After an evaluation that improved the best metric.</summary>
    Best,
}

/// <summary>What to do when the loss or the gradients are not finite (NaN or ±inf).</summary>
public enum NonFinitePolicy
{
    /// <summary>Skip the update (parameters stay intact), log it, and continue.</summary>
    Skip,
    /// <summary>Stop training with an error (parameters stay intact).</summary>
    Stop,
}

/// <summary>Whether parameters are checked after each update, and what happens when an update made them non-finite.</summary>
public enum NonFiniteParameterPolicy
{
    /// <summary>
    /// As <see cref="TrainingArguments.NonFiniteLoss"/> says: <see cref="Skip"/> when it is skip, <see cref="Stop"/>
    /// when it is stop — the non-finite guard then covers the parameters too, as it covers the loss.
    /// </summary>
    Auto,
    /// <summary>No check and no copy (no cost; for models whose parameters and optimizer state twice do not fit).</summary>
    Off,
    /// <summary>Undo the update (parameters and optimizer state restored), log it, and continue.</summary>
    Skip,
    /// <summary>Undo the update, then stop training with an error.</summary>
    Stop,
}
