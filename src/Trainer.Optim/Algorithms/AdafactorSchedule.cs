namespace Training.Optim;

/// <summary>
/// Hugging Face's <c>AdafactorSchedule</c>: a proxy that reports (and writes into each group's <c>lr</c>) the
/// learning rate Adafactor actually applies, so a Trainer can log it when Adafactor computes its own step size
/// (<c>relative_step=True</c>). Before any step it reports <c>initialLr</c>.
/// </summary>
public sealed class AdafactorSchedule
{
    private readonly Adafactor optimizer;
    private readonly double initialLr;
    private double[] lastLr;

    /// <summary>Creates the proxy and writes its first values into the groups, as LambdaLR does.</summary>
    public AdafactorSchedule(Adafactor optimizer, double initialLr = 0.0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        this.optimizer = optimizer;
        this.initialLr = initialLr;
        lastLr = Compute();
        Apply();
    }

    /// <summary>Number of <see cref="Step"/> calls (PyTorch's <c>last_epoch</c>).</summary>
    public long LastEpoch { get; private set; }

    /// <summary>Advances one step and refreshes the reported rates.</summary>
    public void Step()
    {
        LastEpoch++;
        lastLr = Compute();
        Apply();
    }

    /// <summary>The learning rate of each group (of its first parameter), as last computed.</summary>
    public IReadOnlyList<double> GetLastLr() => lastLr;

    // Groups whose first parameter has no gradient (or no state yet) report initialLr, as upstream does
    // before the first step.
    private double[] Compute() => optimizer.ParamGroups.Select(group =>
    {
        var first = group.Parameters.FirstOrDefault();
        if (first is null) return initialLr;
        using var gradient = first.grad;
        var state = optimizer.GetState(first);
        return gradient is null || state is null || state.Step == 0 ? initialLr : Adafactor.AppliedLearningRate(group, state);
    }).ToArray();

    private void Apply()
    {
        for (var i = 0; i < lastLr.Length; i++) optimizer.ParamGroups[i].SetValue("lr", lastLr[i]);
    }
}
