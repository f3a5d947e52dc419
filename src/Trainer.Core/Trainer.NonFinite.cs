using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Training.Core;

public partial class Trainer
{
    // Created by Train() when TrainingArguments.NonFiniteParameters is not Off; holds the pre-update copies.
    private NonFiniteGuard? parameterGuard;

    // The bad learning rate of the current update ("parameter group i: lr = v"), or null; set by BeginUpdate.
    private string? learningRateProblem;

    private void StartParameterGuard()
    {
        parameterGuard?.Dispose();
        parameterGuard = ParameterPolicy == NonFiniteParameterPolicy.Off ? null : new NonFiniteGuard();
    }

    // Auto resolved: the parameter guard does what the loss guard does.
    private NonFiniteParameterPolicy ParameterPolicy => Args.NonFiniteParameters switch
    {
        NonFiniteParameterPolicy.Auto => Args.NonFiniteLoss == NonFinitePolicy.Stop ? NonFiniteParameterPolicy.Stop : NonFiniteParameterPolicy.Skip,
        var explicitPolicy => explicitPolicy,
    };

    private void StopParameterGuard()
    {
        parameterGuard?.Dispose();
        parameterGuard = null;
    }

    /// <summary>
    /// Before the micro-batches of an update: refuses a bad learning rate (Stop: throws before anything runs;
    /// Skip: the update is marked to be skipped) and takes the guard's copy — before the forward pass, because a
    /// fused-backward optimizer (LOMO) updates inside backward.
    /// </summary>
    private void BeginUpdate()
    {
        var step = State.GlobalStep + 1;
        learningRateProblem = LearningRateGuard.Problem(Optimizer!);
        if (learningRateProblem is not null)
        {
            var scheduler = LrScheduler!.Name;
            if (Args.NonFiniteLoss == NonFinitePolicy.Stop)
                throw new InvalidLearningRateException(
                    $"step {step}: the scheduler '{scheduler}' produced an invalid learning rate ({learningRateProblem}; it must be finite and >= 0); nothing of this update was applied and training stopped (Training:NonFiniteLoss=Stop)",
                    scheduler, step);
            Logger.LogWarning("Step {Step}: the scheduler '{Scheduler}' produced an invalid learning rate ({Problem}); the update is skipped and the parameters are unchanged",
                step, scheduler, learningRateProblem);
            return;
        }

        parameterGuard?.Capture(Optimizer!.Parameters.ToList(), Optimizer);
    }

    /// <summary>
    /// After the optimizer step: true when the guard is off or every parameter is finite. Otherwise parameters and
    /// optimizer state are restored to their values before the update, and the step is logged (Skip) or an
    /// exception naming it is thrown (Stop).
    /// </summary>
    private bool KeepUpdate()
    {
        if (parameterGuard is null) return true;
        var parameters = Optimizer!.Parameters.ToList();
        if (NonFiniteGuard.AllFinite(parameters)) return true;

        var step = State.GlobalStep + 1;
        var names = NonFiniteParameterNames();
        parameterGuard.Restore(parameters, Optimizer);
        Optimizer.ZeroGrad();
        if (ParameterPolicy == NonFiniteParameterPolicy.Stop)
            throw new NonFiniteParametersException(
                $"step {step}: the update made parameters non-finite ({names}); it was undone (parameters and optimizer state restored) and training stopped (Training:NonFiniteParameters={Args.NonFiniteParameters}, Training:NonFiniteLoss={Args.NonFiniteLoss})",
                step);
        Logger.LogWarning("Step {Step}: the update made parameters non-finite ({Parameters}); it was undone: parameters and optimizer state are as before it",
            step, names);
        return false;
    }

    // Only on the rare failing step: which parameters went bad, for the message (at most five named).
    private string NonFiniteParameterNames()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var bad = Model.named_parameters().Where(p => !p.parameter.isfinite().all().item<bool>()).Select(p => p.name).ToList();
        return bad.Count <= 5 ? string.Join(", ", bad) : $"{string.Join(", ", bad.Take(5))} and {bad.Count - 5} more";
    }
}
