namespace Training.Optim;

/// <summary>
/// An optimizer whose parameters hold different points in training and in evaluation (Schedule-Free: y while
/// training, the average x for evaluation and saving). The Trainer calls <see cref="Train"/> before every training
/// step and <see cref="Eval"/> before evaluating, before writing a checkpoint, and when training ends.
/// </summary>
public interface ITrainEvalOptimizer
{
    /// <summary>True while the parameters hold the training point.</summary>
    bool IsTrainMode { get; }

    /// <summary>Switches the parameters to the training point (no-op when already there).</summary>
    void Train();

    /// <summary>Switches the parameters to the evaluation point (no-op when already there).</summary>
    void Eval();
}
