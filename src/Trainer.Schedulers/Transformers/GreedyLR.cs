using System.Collections;
using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Transformers' <c>GreedyLR</c> (PR #44271), a metric-driven scheduler: after more than <c>patience</c>
/// consecutive improvements every group's lr becomes min(lr / factor, max_lr) followed by a warm-up of ignored
/// evaluations; after more than <c>patience</c> evaluations without improvement it becomes max(lr·factor, min_lr)
/// followed by a cooldown. When a reduction finds every group at its minimum the <c>reset_start</c> countdown
/// advances, and at zero the scheduler returns to its initial lrs and counters. Every counter is in the state dict.
/// </summary>
public sealed class GreedyLR : MetricScheduler
{
    private double[] minLrs;
    private double[] maxLrs;
    private double[] initLrs;
    private double[] lastLr;
    private StreamingAverage? streamingAverage;

    /// <summary>Creates the scheduler; the groups' current lrs are the initial ones a reset returns to.</summary>
    public GreedyLR(Optimizer optimizer, GreedyLROptions? options = null)
        : base(optimizer)
    {
        options ??= new GreedyLROptions();
        if (options.Factor >= 1.0) throw new ArgumentOutOfRangeException("factor", options.Factor, "Factor should be < 1.0.");
        var groups = optimizer.ParamGroups.Count;
        minLrs = options.MinLr.Expand(groups, "min_lrs").ToArray();
        maxLrs = options.MaxLr.Expand(groups, "max_lrs").ToArray();
        Mode = options.Mode;
        Factor = options.Factor;
        Patience = options.Patience;
        Threshold = options.Threshold;
        ThresholdMode = options.ThresholdMode;
        Cooldown = options.Cooldown;
        Warmup = options.Warmup;
        Eps = options.Eps;
        Smooth = options.Smooth;
        WindowSize = options.WindowSize;
        ResetStart = ResetStartOriginal = options.ResetStart;
        initLrs = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        lastLr = initLrs.ToArray();
        Best = Mode.Worst();
        if (Smooth) streamingAverage = new StreamingAverage(WindowSize);
    }

    /// <inheritdoc/>
    public override string Name => "GreedyLR";

    /// <summary>Which direction is better.</summary>
    public MetricMode Mode { get; private set; }

    /// <summary>The multiplier (reductions) and divisor (increases).</summary>
    public double Factor { get; private set; }

    /// <summary>Evaluations tolerated before acting.</summary>
    public long Patience { get; private set; }

    /// <summary>The improvement threshold.</summary>
    public double Threshold { get; private set; }

    /// <summary>Relative or absolute threshold.</summary>
    public ThresholdMode ThresholdMode { get; private set; }

    /// <summary>Evaluations ignored after a reduction.</summary>
    public long Cooldown { get; private set; }

    /// <summary>Evaluations ignored after an increase.</summary>
    public long Warmup { get; private set; }

    /// <summary>Smallest change applied.</summary>
    public double Eps { get; private set; }

    /// <summary>Whether the metric is smoothed.</summary>
    public bool Smooth { get; private set; }

    /// <summary>Window of the smoothing average.</summary>
    public long WindowSize { get; private set; }

    /// <summary>The best (possibly smoothed) metric so far.</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive evaluations without improvement.</summary>
    public long NumBadEpochs { get; private set; }

    /// <summary>Consecutive evaluations with improvement.</summary>
    public long NumGoodEpochs { get; private set; }

    /// <summary>Evaluations left in the cooldown after a reduction.</summary>
    public long CooldownCounter { get; private set; }

    /// <summary>Evaluations left in the warm-up after an increase.</summary>
    public long WarmupCounter { get; private set; }

    /// <summary>The reset countdown: reductions at the minimum left before a reset.</summary>
    public long ResetStart { get; private set; }

    /// <summary>The countdown's starting value.</summary>
    public long ResetStartOriginal { get; private set; }

    /// <summary>The lower bound of each group.</summary>
    public IReadOnlyList<double> MinLrs => minLrs;

    /// <summary>The upper bound of each group.</summary>
    public IReadOnlyList<double> MaxLrs => maxLrs;

    /// <inheritdoc/>
    public override void Step(double metric) => Step(metric, null);

    /// <summary>Reacts to a new metric value; <paramref name="epoch"/> overrides the step counter, as upstream's <c>epoch</c>.</summary>
    public void Step(double metric, long? epoch)
    {
        var current = metric;
        if (Smooth && streamingAverage is not null) current = streamingAverage.Add(current);
        LastEpoch = epoch ?? LastEpoch + 1;

        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            NumBadEpochs = 0;
            NumGoodEpochs = 0;
        }
        else if (WarmupCounter > 0)
        {
            WarmupCounter--;
            NumBadEpochs = 0;
            NumGoodEpochs = 0;
        }
        else
        {
            if (MetricModes.IsBetter(Mode, ThresholdMode, Threshold, current, Best))
            {
                Best = current;
                NumBadEpochs = 0;
                NumGoodEpochs++;
            }
            else
            {
                NumBadEpochs++;
                NumGoodEpochs = 0;
            }

            if (NumGoodEpochs > Patience)
            {
                IncreaseLr();
                WarmupCounter = Warmup;
                NumGoodEpochs = 0;
            }
            else if (NumBadEpochs > Patience)
            {
                ReduceLr();
                CooldownCounter = Cooldown;
                NumBadEpochs = 0;
            }
        }

        lastLr = Groups.Select(g => g.LearningRate).ToArray();
    }

    private IReadOnlyList<ParamGroup> Groups => Optimizer.ParamGroups;

    private void ReduceLr()
    {
        var allAtMin = true;
        for (var i = 0; i < Groups.Count; i++)
        {
            var oldLr = Groups[i].LearningRate;
            var newLr = PyMath.Max(oldLr * Factor, minLrs[i]);
            if (oldLr - newLr > Eps) Groups[i].LearningRate = newLr;
            if (Groups[i].LearningRate > minLrs[i]) allAtMin = false;
        }

        if (!allAtMin) return;
        ResetStart--;
        if (ResetStart <= 0) Reset();
    }

    private void IncreaseLr()
    {
        for (var i = 0; i < Groups.Count; i++)
        {
            var oldLr = Groups[i].LearningRate;
            var newLr = PyMath.Min(oldLr / Factor, maxLrs[i]);
            if (newLr - oldLr > Eps) Groups[i].LearningRate = newLr;
        }

        ResetStart = ResetStartOriginal;
    }

    private void Reset()
    {
        for (var i = 0; i < Groups.Count; i++) Groups[i].LearningRate = initLrs[i];
        Best = Mode.Worst();
        NumBadEpochs = 0;
        NumGoodEpochs = 0;
        CooldownCounter = 0;
        WarmupCounter = 0;
        ResetStart = ResetStartOriginal;
        if (Smooth && streamingAverage is not null) streamingAverage = new StreamingAverage(WindowSize);
    }

    /// <summary>Upstream's state (configuration, every counter, bounds, initial and last lrs, the smoothing window).</summary>
    public override OrderedDictionary<object, object?> StateDict()
    {
        var state = new OrderedDictionary<object, object?>
        {
            ["factor"] = Factor, ["min_lrs"] = List(minLrs), ["max_lrs"] = List(maxLrs), ["patience"] = Patience,
            ["verbose"] = false, ["cooldown"] = Cooldown, ["warmup"] = Warmup, ["cooldown_counter"] = CooldownCounter,
            ["warmup_counter"] = WarmupCounter, ["mode"] = Mode.ToPython(), ["threshold"] = Threshold,
            ["threshold_mode"] = ThresholdMode.ToPython(), ["best"] = Best, ["num_bad_epochs"] = NumBadEpochs,
            ["num_good_epochs"] = NumGoodEpochs, ["eps"] = Eps, ["last_epoch"] = LastEpoch, ["smooth"] = Smooth,
            ["window_size"] = WindowSize, ["reset_start"] = ResetStart, ["reset_start_original"] = ResetStartOriginal,
            ["_last_lr"] = List(lastLr), ["_init_lrs"] = List(initLrs),
        };
        if (Smooth && streamingAverage is not null) state["_streaming_avg"] = streamingAverage.StateDict();
        return state;
    }

    /// <summary>
    /// Restores a state from <see cref="StateDict"/> or upstream's; absent entries keep their current value (as
    /// upstream's <c>dict.get</c>), and the saved <c>_last_lr</c> is written back into the groups.
    /// </summary>
    public override void LoadStateDict(IDictionary stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var s = stateDict;
        Factor = Get(s, "factor", Factor, Convert.ToDouble);
        minLrs = Get(s, "min_lrs", minLrs, Doubles);
        maxLrs = Get(s, "max_lrs", maxLrs, Doubles);
        Patience = Get(s, "patience", Patience, Convert.ToInt64);
        Cooldown = Get(s, "cooldown", Cooldown, Convert.ToInt64);
        Warmup = Get(s, "warmup", Warmup, Convert.ToInt64);
        CooldownCounter = Get(s, "cooldown_counter", CooldownCounter, Convert.ToInt64);
        WarmupCounter = Get(s, "warmup_counter", WarmupCounter, Convert.ToInt64);
        Mode = Get(s, "mode", Mode, v => MetricModes.ParseMode(Convert.ToString(v)!));
        Threshold = Get(s, "threshold", Threshold, Convert.ToDouble);
        ThresholdMode = Get(s, "threshold_mode", ThresholdMode, v => MetricModes.ParseThresholdMode(Convert.ToString(v)!));
        Best = Get(s, "best", Best, Convert.ToDouble);
        NumBadEpochs = Get(s, "num_bad_epochs", NumBadEpochs, Convert.ToInt64);
        NumGoodEpochs = Get(s, "num_good_epochs", NumGoodEpochs, Convert.ToInt64);
        Eps = Get(s, "eps", Eps, Convert.ToDouble);
        LastEpoch = Get(s, "last_epoch", LastEpoch, Convert.ToInt64);
        Smooth = Get(s, "smooth", Smooth, Convert.ToBoolean);
        WindowSize = Get(s, "window_size", WindowSize, Convert.ToInt64);
        ResetStart = Get(s, "reset_start", ResetStart, Convert.ToInt64);
        ResetStartOriginal = Get(s, "reset_start_original", ResetStartOriginal, Convert.ToInt64);
        lastLr = Get(s, "_last_lr", lastLr, Doubles);
        initLrs = Get(s, "_init_lrs", initLrs, Doubles);
        if (s.Contains("_streaming_avg") && s["_streaming_avg"] is IDictionary window)
        {
            streamingAverage ??= new StreamingAverage(WindowSize);
            streamingAverage.LoadStateDict(window);
        }

        if (s.Contains("_last_lr"))
            for (var i = 0; i < Math.Min(Groups.Count, lastLr.Length); i++) Groups[i].LearningRate = lastLr[i];
    }

    private static List<object?> List(double[] values) => values.Cast<object?>().ToList();

    private static double[] Doubles(object? value) =>
        (value as IEnumerable ?? throw new ArgumentException($"GreedyLR state: expected a list, found {value}")).Cast<object?>().Select(Convert.ToDouble).ToArray();

    private static T Get<T>(IDictionary state, string key, T current, Func<object?, T> convert) =>
        state.Contains(key) ? convert(state[key]) : current;
}
