using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.StepLR: <c>base · gamma^⌊t / step_size⌋</c>, decaying every
    /// <paramref name="step_size"/> steps.
    /// </summary>
    /// <param name="optimizer">The optimizer whose groups' lr is driven.</param>
    /// <param name="step_size">Period of the decay (positive: PyTorch would divide by zero).</param>
    /// <param name="gamma">Multiplicative factor of the decay.</param>
    public static ScheduledValue StepLR(Optimizer optimizer, long step_size, double gamma = 0.1)
    {
        RequirePositive(step_size, nameof(step_size));
        return Multiplying("StepLR", optimizer, t => StepCurve.Step(gamma, t, step_size));
    }
}
