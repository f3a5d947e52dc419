using System.Collections;
using TorchSharp;
using Training.Optim;
using Training.Schedulers;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// A checkpoint read and validated by <see cref="CheckpointReader"/>, held in memory and not yet applied. Its
/// tensors live in the caller's dispose scope. Null parts were absent (optional files) and are left as they are.
/// </summary>
internal sealed class LoadedCheckpoint
{
    internal LoadedCheckpoint(Dictionary<string, Tensor> weights, IDictionary? optimizer, IDictionary? scheduler, TrainerState state, Tensor? cpuRngState)
    {
        Weights = weights;
        Optimizer = optimizer;
        Scheduler = scheduler;
        State = state;
        CpuRngState = cpuRngState;
    }

    /// <summary>The model tensors (names, dtypes and shapes those of the model).</summary>
    public IReadOnlyDictionary<string, Tensor> Weights { get; }

    /// <summary>The optimizer state dict, or null without <c>optimizer.pt</c>.</summary>
    public IDictionary? Optimizer { get; }

    /// <summary>The scheduler state dict, or null without <c>scheduler.pt</c>.</summary>
    public IDictionary? Scheduler { get; }

    /// <summary>The trainer state (<c>trainer_state.json</c>).</summary>
    public TrainerState State { get; }

    /// <summary>The CPU generator state, or null without <c>rng_state.pth</c>.</summary>
    public Tensor? CpuRngState { get; }

    /// <summary>
    /// Copies everything into the live objects: model weights, optimizer and scheduler state, then the CPU generator.
    /// The trainer state is <see cref="State"/>, for the caller to adopt. Every part was validated against these same
    /// objects, so nothing here is expected to fail.
    /// </summary>
    public void Apply(nn.Module model, Training.Optim.Optimizer? optimizer, Scheduler? scheduler)
    {
        ArgumentNullException.ThrowIfNull(model);
        using (torch.no_grad()) model.load_state_dict(new Dictionary<string, Tensor>(Weights), strict: true);
        if (Optimizer is not null) optimizer?.LoadStateDict(Optimizer);
        if (Scheduler is not null) scheduler?.LoadStateDict(Scheduler);
        if (CpuRngState is not null) torch.set_rng_state(CpuRngState);
    }
}
