using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.MultiStepLR: <c>base · gamma^k</c>, k = how many milestones are ≤ t. As in
    /// PyTorch, the milestones are sorted and a repeated milestone decays once per occurrence.
    /// </summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="milestones">Steps at which the lr is multiplied by <paramref name="gamma"/>.</param>
    /// <param name="gamma">Multiplicative factor of the decay.</param>
    public static ScheduledValue MultiStepLR(Optimizer optimizer, IReadOnlyList<long> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        var sorted = milestones.Order().ToArray();
        return Multiplying("MultiStepLR", optimizer, t => StepCurve.MultiStep(gamma, sorted, t));
    }
}
