using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// The part every Schedule-Free optimizer (facebookresearch/schedule_free) shares: the three sequences z (base
/// iterate, state <c>z</c>), x (weighted average of the z's, what is evaluated and saved) and
/// y = (1−μ)·z + μ·x (where gradients are taken, held by the parameters in train mode); the averaging weights
/// <c>c = (k+1)^r · lr_max^weight_lr_power / weight_sum</c>; and the train/eval switch. As upstream, the bookkeeping
/// lives in the parameter groups (<c>k</c>, <c>weight_sum</c>, <c>lr_max</c>, <c>scheduled_lr</c>, <c>train_mode</c>)
/// so it is saved with them, and the optimizer starts in eval mode: <see cref="Train"/> must run before a step.
/// </summary>
public abstract class ScheduleFreeOptimizer : PerParameterOptimizer, ITrainEvalOptimizer
{
    /// <summary>Creates the optimizer over <paramref name="groups"/> with <paramref name="options"/> as group defaults.</summary>
    protected ScheduleFreeOptimizer(IEnumerable<ParamGroup> groups, OptimizerOptions options) : base(groups, options) { }

    /// <summary>The coefficients of the group being stepped, valid while <see cref="PerParameterOptimizer.Update"/> runs.</summary>
    protected ScheduleFreeStep Current { get; private set; }

    /// <summary>
    /// The interpolation μ of a group (β1 for the Adam variants, <c>momentum</c> for SGD): y = (1−μ)·z + μ·x, so
    /// eval is p ← lerp(p, z, 1 − 1/μ) and train p ← lerp(p, z, 1 − μ).
    /// </summary>
    protected abstract double Interpolation(ParamGroup group);

    /// <summary>
    /// The learning rate of step <paramref name="k"/> + 1 (<paramref name="k"/> = steps already taken) after the
    /// optimizer's own warm-up or rectification, and whether the gradient is normalised by the second moment.
    /// </summary>
    protected abstract (double LearningRate, bool Normalize) Schedule(ParamGroup group, long k);

    /// <summary>True while the parameters hold y (upstream reads group 0's <c>train_mode</c>).</summary>
    public bool IsTrainMode => ParamGroups[0].GetFlag("train_mode");

    /// <summary>Moves every group that is in eval mode to y: p ← lerp(p, z, 1 − μ) for parameters that have a z.</summary>
    public void Train() => Switch(train: true);

    /// <summary>Moves every group that is in train mode to x: p ← lerp(p, z, 1 − 1/μ) for parameters that have a z.</summary>
    public void Eval() => Switch(train: false);

    private void Switch(bool train)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        foreach (var group in ParamGroups)
        {
            if (group.GetFlag("train_mode") == train) continue;
            var mu = Interpolation(group);
            var weight = train ? 1 - mu : 1 - 1 / mu;
            foreach (var p in group.Parameters)
            {
                var z = GetState(p)?.TryTensor("z");
                if (z is not null) p.lerp_(z, weight);
            }

            group.SetValue("train_mode", train);
        }
    }

    /// <summary>
    /// Advances the group's schedule and averaging weight, then updates every parameter that has a gradient.
    /// Upstream raises before touching anything when group 0 is not in train mode; so does this.
    /// </summary>
    protected override void StepGroup(ParamGroup group)
    {
        if (!IsTrainMode)
            throw new InvalidOperationException(
                $"{Name}: the optimizer was not in train mode when Step was called; call Train() before training steps and Eval() before evaluating or saving");
        var k = (long)group["k"];
        var (lr, normalize) = Schedule(group, k);
        group["scheduled_lr"] = lr;
        var lrMax = Math.Max(lr, group["lr_max"]);
        group["lr_max"] = lrMax;
        var weight = Math.Pow(k + 1, group["r"]) * Math.Pow(lrMax, group["weight_lr_power"]);
        var weightSum = group["weight_sum"] + weight;
        group["weight_sum"] = weightSum;
        // Python's weight / weight_sum raises ZeroDivisionError while every lr so far was 0; upstream then uses 0.
        var ckp1 = weightSum == 0 ? 0 : weight / weightSum;
        Current = new ScheduleFreeStep(k, lr, ckp1, normalize);
        base.StepGroup(group);
        group["k"] = k + 1;
    }

    /// <summary>
    /// The y and z moves shared by every variant, given the (normalised, decayed) gradient ĝ:
    /// y ← lerp(y, z, c); y ← y + lr·(μ·(1−c) − 1)·ĝ; z ← z − lr·ĝ.
    /// </summary>
    protected void MoveYAndZ(ParamGroup group, Tensor y, Tensor z, Tensor direction)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(z);
        var (_, lr, ckp1, _) = Current;
        y.lerp_(z, ckp1);
        y.add_(direction, Scalars.Keep(lr * (Interpolation(group) * (1 - ckp1) - 1)));
        z.add_(direction, Scalars.Keep(-lr));
    }

    /// <summary>The checks every Schedule-Free group shares (learning rate, weighting, decay, warm-up).</summary>
    internal static void ValidateCommon(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "weight_decay");
        HyperParameters.NonNegative(group, "weight_lr_power");
        var r = group["r"];
        if (!double.IsFinite(r))
            throw new ArgumentOutOfRangeException("r", r, FormattableString.Invariant($"Invalid r: {r} (must be finite)"));
        if (group.ContainsKey("warmup_steps")) HyperParameters.NonNegative(group, "warmup_steps");
    }

    /// <summary>
    /// μ must lie in (0, 1): eval divides by it (p ← lerp(p, z, 1 − 1/μ)), so 0 would turn the parameters into
    /// infinities. Upstream checks this for SGD's momentum only; β1 = 0 fails the same way there, silently.
    /// </summary>
    internal static void PositiveInterpolation(string key, double mu)
    {
        if (!(mu > 0 && mu < 1))
            throw new ArgumentOutOfRangeException(key, mu,
                FormattableString.Invariant($"Invalid {key}: {mu} (the interpolation must be in (0, 1) exclusive: eval divides by it)"));
    }

    /// <summary>Linear warm-up inside the optimizer: lr·(k+1)/warmup_steps while k &lt; warmup_steps.</summary>
    internal static double WarmedUp(ParamGroup group, long k)
    {
        var warmup = group["warmup_steps"];
        var schedule = k < warmup ? (k + 1) / warmup : 1.0;
        return group.LearningRate * schedule;
    }
}

/// <summary>The per-group coefficients of one Schedule-Free step.</summary>
/// <param name="K">Steps already taken by the group.</param>
/// <param name="LearningRate">The scheduled learning rate (after warm-up or rectification).</param>
/// <param name="Ckp1">The averaging weight c of this step.</param>
/// <param name="Normalize">Whether the gradient is divided by the second-moment denominator (RAdam's rectified phase).</param>
public readonly record struct ScheduleFreeStep(long K, double LearningRate, double Ckp1, bool Normalize);
