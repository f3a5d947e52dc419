namespace Training.Plots;

/// <summary>The values one parameter group gets at each update of a run.</summary>
/// <param name="Name">The group's name: <c>decay</c> (weights) or <c>no_decay</c> (biases and norms), as the Trainer splits them.</param>
/// <param name="LearningRates">The learning rate used by update 1, 2, ... (index 0 is update 1).</param>
/// <param name="WeightDecays">The weight decay used by each update.</param>
public sealed record GroupSchedule(string Name, IReadOnlyList<double> LearningRates, IReadOnlyList<double> WeightDecays);
