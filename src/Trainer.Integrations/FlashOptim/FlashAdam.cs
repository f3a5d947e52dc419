using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// FlashAdam (eager path): g ← g + wd·p (p the float32 master); m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
/// bias corrections 1 − β^step computed in float32 from a float32 step (as upstream's CPU tensor arithmetic);
/// p ← p − lr·(m/bc1)/(sqrt(v/bc2) + eps). State: <c>step</c>, <c>exp_avg</c>, <c>exp_avg_sq</c> (+ <c>error_bits</c>).
/// </summary>
public class FlashAdam : FlashOptimizer
{
    /// <summary>Creates FlashAdam over parameters.</summary>
    public FlashAdam(IEnumerable<Tensor> parameters, FlashAdamOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates FlashAdam over groups.</summary>
    public FlashAdam(IEnumerable<ParamGroup> groups, FlashAdamOptions? options = null) : base(groups, options ?? new FlashAdamOptions()) { }

    /// <inheritdoc/>
    public override string Name => "FlashAdam";

    /// <summary>True when weight decay multiplies the parameter instead of entering the gradient.</summary>
    protected virtual bool DecoupledWeightDecay => false;

    /// <inheritdoc/>
    protected override double MinStepRelativeToLearningRate => 0.1;

    /// <inheritdoc/>
    protected override IEnumerable<string> StateTensorNames(ParamGroup group) => ["exp_avg", "exp_avg_sq"];

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        base.InitializeState(group, parameter, state);
        state.Step = 0;
    }

    /// <inheritdoc/>
    protected override void UpdateMaster(ParamGroup group, Tensor master, Tensor gradient, ParameterState state)
    {
        var (beta1, beta2) = group.GetPair("betas");
        var lr = group.LearningRate;
        var eps = group["eps"];
        state.Step += 1;
        var step = (float)state.Step;

        var g = gradient;
        var weightDecay = group["weight_decay"];
        if (!DecoupledWeightDecay && weightDecay > 0) g = g.add(master, Scalars.Keep(weightDecay));

        var expAvg = ReadState(state, "exp_avg");
        var expAvgSq = ReadState(state, "exp_avg_sq");
        expAvg.mul_(Scalars.Keep(beta1)).add_(g, Scalars.Keep(1 - beta1));
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(g, g, Scalars.Keep(1 - beta2));

        var biasCorrection1 = BiasCorrection(beta1, step);
        var biasCorrection2 = BiasCorrection(beta2, step);
        if (DecoupledWeightDecay)
        {
            var decay = DecoupledDecay(group);
            if (decay > 0) master.mul_(Scalars.Keep(1 - decay));
        }

        var denom = expAvgSq.div(Scalars.Keep(biasCorrection2)).sqrt_().add_(Scalars.Keep(eps));
        master.addcdiv_(expAvg.div(Scalars.Keep(biasCorrection1)), denom, Scalars.Keep(-lr));
        WriteState(state, "exp_avg", expAvg);
        WriteState(state, "exp_avg_sq", expAvgSq);
    }

    /// <summary>1 − β^step in float32 arithmetic (torch: <c>1 - beta ** step_tensor</c> with a float32 step tensor).</summary>
    private static float BiasCorrection(double beta, float step)
    {
        using var scope = torch.NewDisposeScope();
        var power = torch.tensor((float)beta).pow(torch.tensor(step));
        return 1f - power.ReadSingle();
    }
}
