using System.Collections;
using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// torch.optim.lr_scheduler.ReduceLROnPlateau: after more than <c>patience</c> evaluations without improvement,
/// every group's lr becomes max(lr·factor, min_lr) (changes smaller than eps are skipped), followed by a
/// cooldown. Counters (<c>best</c>, <c>num_bad_epochs</c>, <c>cooldown_counter</c>, <c>last_epoch</c>) are in the state dict.
/// </summary>
public sealed class ReduceLROnPlateau : MetricScheduler
{
    private readonly double[] minLrs;

    /// <summary>Creates the scheduler with PyTorch's defaults.</summary>
    public ReduceLROnPlateau(Optimizer optimizer, MetricMode mode = MetricMode.Min, double factor = 0.1, long patience = 10,
        double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel, long cooldown = 0,
        GroupValues? minLr = null, double eps = 1e-8)
        : base(optimizer)
    {
        if (factor >= 1.0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Factor should be < 1.0.");
        // No value means 0 for every group, PyTorch's default min_lr.
        // PyTorch's own wording for this argument ("min_lrs"), unlike the other per-group lists; named as the user spells it.
        minLrs = (minLr ?? 0.0).Expand(optimizer.ParamGroups.Count, "min_lrs", "min_lr").ToArray();
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        Eps = eps;
        Best = WorstValue;
    }

    /// <inheritdoc/>
    public override string Name => "ReduceLROnPlateau";

    /// <summary>Which direction is better.</summary>
    public MetricMode Mode { get; }

    /// <summary>Multiplier applied on a plateau.</summary>
    public double Factor { get; }

    /// <summary>Evaluations without improvement tolerated before reducing.</summary>
    public long Patience { get; }

    /// <summary>The improvement threshold.</summary>
    public double Threshold { get; }

    /// <summary>Relative or absolute threshold.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Evaluations to wait after a reduction.</summary>
    public long Cooldown { get; }

    /// <summary>Smallest change applied.</summary>
    public double Eps { get; }

    /// <summary>The best metric so far.</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive evaluations without improvement.</summary>
    public long NumBadEpochs { get; private set; }

    /// <summary>Evaluations left in the cooldown.</summary>
    public long CooldownCounter { get; private set; }

    private double WorstValue => Mode.Worst();

    private bool IsBetter(double current) => MetricModes.IsBetter(Mode, ThresholdMode, Threshold, current, Best);

    /// <inheritdoc/>
    public override void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else
        {
            NumBadEpochs++;
        }

        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            NumBadEpochs = 0;
        }

        if (NumBadEpochs <= Patience) return;
        for (var i = 0; i < Optimizer.ParamGroups.Count; i++)
        {
            var group = Optimizer.ParamGroups[i];
            var old = group.LearningRate;
            var reduced = Math.Max(old * Factor, minLrs[i]);
            if (old - reduced > Eps) group.LearningRate = reduced;
        }

        CooldownCounter = Cooldown;
        NumBadEpochs = 0;
    }

    /// <inheritdoc/>
    public override OrderedDictionary<object, object?> StateDict() => new()
    {
        ["factor"] = Factor,
        ["min_lrs"] = minLrs.Cast<object?>().ToList(),
        ["patience"] = Patience,
        ["verbose"] = false,
        ["cooldown"] = Cooldown,
        ["cooldown_counter"] = CooldownCounter,
        ["mode"] = Mode.ToPython(),
        ["threshold"] = Threshold,
        ["threshold_mode"] = ThresholdMode.ToPython(),
        ["best"] = Best,
        ["num_bad_epochs"] = NumBadEpochs,
        ["mode_worse"] = WorstValue,
        ["eps"] = Eps,
        ["last_epoch"] = LastEpoch,
        ["_last_lr"] = GetLastLr().Cast<object?>().ToList(),
    };

    /// <summary>Restores the counters (the configuration comes from the constructor, as on resume in Transformers).</summary>
    public override void LoadStateDict(IDictionary stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        Best = Convert.ToDouble(Require(stateDict, "best"));
        NumBadEpochs = Convert.ToInt64(Require(stateDict, "num_bad_epochs"));
        CooldownCounter = Convert.ToInt64(Require(stateDict, "cooldown_counter"));
        LastEpoch = Convert.ToInt64(Require(stateDict, "last_epoch"));
    }
}
