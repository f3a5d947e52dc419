using System.Globalization;
using Microsoft.Extensions.Options;
using Training.Optim;
using Training.Schedulers;

namespace Training.Core;

/// <summary>
/// Validates <see cref="TrainingArguments"/> at start-up (<c>ValidateOnStart</c>). Every failure names the
/// configuration key (<c>Training:LearningRate</c>) and the bad value; an unknown optimizer or scheduler name comes
/// with the registered names' closest match. At start-up (<paramref name="startup"/>) it also checks that
/// <c>OutputDir</c> is writable and builds the configured optimizer and scheduler once on a probe (a dry run), so
/// <c>OptimArgs</c> and <c>LrSchedulerKwargs</c> fail before anything is loaded.
/// </summary>
/// <param name="optimizers">The registry <c>Optim</c> must name an entry of (not checked when null).</param>
/// <param name="schedulers">The registry <c>LrSchedulerType</c> must name an entry of (not checked when null).</param>
/// <param name="startup">Also probe <c>OutputDir</c> and dry-run the optimizer and scheduler.</param>
/// <param name="dryRunAssemblies">
/// The assemblies whose registry entries the start-up dry run builds (default: this library's; a host adds the
/// integrations'). An entry a program registers from its own assembly may need its real model and is left out.
/// </param>
public sealed class TrainingArgumentsValidator(IOptimizerRegistry? optimizers = null, ISchedulerRegistry? schedulers = null, bool startup = false,
    IReadOnlyCollection<System.Reflection.Assembly>? dryRunAssemblies = null)
    : IValidateOptions<TrainingArguments>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TrainingArguments options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Every problem with <paramref name="a"/>, as messages naming the key. The start-up dry run only runs on
    /// settings that passed every other check: building an optimizer from settings already known to be wrong would
    /// add a second, derived message for the same mistake.
    /// </summary>
    public IEnumerable<string> Check(TrainingArguments a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var problems = SettingProblems(a).ToList();
        if (problems.Count == 0 && startup && optimizers is not null && schedulers is not null &&
            StartupDryRun.Problem(a, optimizers, schedulers, dryRunAssemblies ?? StartupDryRun.LibraryAssemblies) is string dryRun)
            problems.Add(dryRun);
        return problems;
    }

    private IEnumerable<string> SettingProblems(TrainingArguments a)
    {
        static string Key(string name) => $"{TrainingArguments.SectionName}:{name}";
        static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        if (!(a.LearningRate >= 0) || double.IsInfinity(a.LearningRate))
            yield return $"{Key(nameof(a.LearningRate))} = {Show(a.LearningRate)} is invalid: the learning rate must be a finite value >= 0.";
        foreach (var (name, value) in FiniteSettings(a))
            if (!double.IsFinite(value))
                yield return $"{Key(name)} = {Show(value)} is invalid: it must be a finite number.";
        if (!(a.WeightDecay >= 0))
            yield return $"{Key(nameof(a.WeightDecay))} = {Show(a.WeightDecay)} is invalid: weight decay must be >= 0.";
        if (!(a.AdamBeta1 >= 0 && a.AdamBeta1 < 1))
            yield return $"{Key(nameof(a.AdamBeta1))} = {Show(a.AdamBeta1)} is invalid: it must be in [0, 1).";
        if (!(a.AdamBeta2 >= 0 && a.AdamBeta2 < 1))
            yield return $"{Key(nameof(a.AdamBeta2))} = {Show(a.AdamBeta2)} is invalid: it must be in [0, 1).";
        if (!(a.AdamEpsilon >= 0))
            yield return $"{Key(nameof(a.AdamEpsilon))} = {Show(a.AdamEpsilon)} is invalid: it must be >= 0.";
        if (!(a.MaxGradNorm >= 0))
            yield return $"{Key(nameof(a.MaxGradNorm))} = {Show(a.MaxGradNorm)} is invalid: use 0 to disable clipping, or a positive threshold.";
        if (a.GradientAccumulationSteps < 1)
            yield return $"{Key(nameof(a.GradientAccumulationSteps))} = {a.GradientAccumulationSteps} is invalid: it must be at least 1.";
        if (a.PerDeviceTrainBatchSize < 1)
            yield return $"{Key(nameof(a.PerDeviceTrainBatchSize))} = {a.PerDeviceTrainBatchSize} is invalid: it must be at least 1.";
        if (a.PerDeviceEvalBatchSize < 1)
            yield return $"{Key(nameof(a.PerDeviceEvalBatchSize))} = {a.PerDeviceEvalBatchSize} is invalid: it must be at least 1.";
        if (!(a.WarmupSteps >= 0))
            yield return $"{Key(nameof(a.WarmupSteps))} = {Show(a.WarmupSteps)} is invalid: warmup_steps must be >= 0 (a value below 1 is a ratio of the training steps).";
        if (a.MaxSteps <= 0 && !(a.NumTrainEpochs > 0))
            yield return $"{Key(nameof(a.NumTrainEpochs))} = {Show(a.NumTrainEpochs)} is invalid: set a positive number of epochs or {Key(nameof(a.MaxSteps))} > 0.";
        if (a.LoggingStrategy == IntervalStrategy.Steps && !(a.LoggingSteps > 0))
            yield return $"{Key(nameof(a.LoggingSteps))} = {Show(a.LoggingSteps)} is invalid: it must be > 0 with the steps logging strategy.";
        if (a.EvalStrategy == IntervalStrategy.Steps && a.EvalSteps is double e && !(e > 0))
            yield return $"{Key(nameof(a.EvalSteps))} = {Show(e)} is invalid: it must be > 0.";
        if (a.SaveStrategy == SaveStrategy.Steps && !(a.SaveSteps > 0))
            yield return $"{Key(nameof(a.SaveSteps))} = {Show(a.SaveSteps)} is invalid: it must be > 0 with the steps save strategy.";
        if (a.SaveTotalLimit is int limit && limit < 1)
            yield return $"{Key(nameof(a.SaveTotalLimit))} = {limit} is invalid: keep at least 1 checkpoint (or leave it unset).";
        if (!Enum.IsDefined(a.NonFiniteParameters))
            yield return $"{Key(nameof(a.NonFiniteParameters))} = {(int)a.NonFiniteParameters} is invalid: it must be one of {string.Join(", ", Enum.GetNames<NonFiniteParameterPolicy>())}.";
        if (a.EvalAccumulationSteps is int accumulation && accumulation < 1)
            yield return $"{Key(nameof(a.EvalAccumulationSteps))} = {accumulation} is invalid: it must be at least 1 (or leave it unset to gather on the device until the end).";
        if (!(a.LabelSmoothingFactor >= 0 && a.LabelSmoothingFactor < 1))
            yield return $"{Key(nameof(a.LabelSmoothingFactor))} = {Show(a.LabelSmoothingFactor)} is invalid: it must be in [0, 1) (0 disables label smoothing).";
        foreach (var problem in MetricInputProblems(a)) yield return problem;
        if (!InputTokenCounting.IsValid(a.IncludeNumInputTokensSeen))
        {
            var closest = ClosestName.Find(a.IncludeNumInputTokensSeen ?? "", InputTokenCounting.Values);
            yield return $"{Key(nameof(a.IncludeNumInputTokensSeen))} = '{a.IncludeNumInputTokensSeen}' is invalid: it must be one of {string.Join(", ", InputTokenCounting.Values)}" +
                (closest is null ? "." : $"; did you mean '{closest}'?");
        }
        if (a.NumThreads is int threads && threads < 1)
            yield return $"{Key(nameof(a.NumThreads))} = {threads} is invalid: it must be at least 1.";
        if (string.IsNullOrWhiteSpace(a.OutputDir))
            yield return $"{Key(nameof(a.OutputDir))} is empty: set the folder for checkpoints and logs.";
        if (a.LoadBestModelAtEnd)
        {
            if (a.EvalStrategy == IntervalStrategy.No)
                yield return $"{Key(nameof(a.LoadBestModelAtEnd))} = true needs an evaluation strategy ({Key(nameof(a.EvalStrategy))} is 'no').";
            else if (a.SaveStrategy != SaveStrategy.Best && (int)a.SaveStrategy != (int)a.EvalStrategy)
                yield return $"{Key(nameof(a.LoadBestModelAtEnd))} = true requires the save and eval strategies to match (save: {a.SaveStrategy}, eval: {a.EvalStrategy}).";
            else if (SaveStepsProblem(a) is string steps)
                yield return steps;
        }

        if (a.OptimTargetModules is { Count: > 0 } targets)
            foreach (var target in targets.Where(t => !IsRegex(t)))
                yield return $"{Key(nameof(a.OptimTargetModules))}: '{target}' is not a valid regular expression.";
        foreach (var report in a.ReportTo ?? [])
            if (ReportingIntegrations.Problem(Key(nameof(a.ReportTo)), report) is string reportProblem)
                yield return reportProblem;
        if (ReportingIntegrations.ListProblem(Key(nameof(a.ReportTo)), a.ReportTo) is string reportListProblem)
            yield return reportListProblem;
        if (a.TensorBoardHistogramSteps is <= 0)
            yield return $"{Key(nameof(a.TensorBoardHistogramSteps))} = {a.TensorBoardHistogramSteps}: must be a positive number of steps, or unset for no histograms.";
        if (startup && !string.IsNullOrWhiteSpace(a.OutputDir) && OutputDirectory.Problem(a.OutputDir) is string output)
            yield return $"{Key(nameof(a.OutputDir))}: {output}.";

        foreach (var dataLoading in DataLoadingProblems(a)) yield return dataLoading;
        foreach (var optimFailure in CheckOptimizer(a)) yield return optimFailure;
        foreach (var schedulerFailure in CheckScheduler(a)) yield return schedulerFailure;
    }

    // IncludeForMetrics takes Transformers' two names; LabelNames must name distinct, non-blank batch entries.
    private static IEnumerable<string> MetricInputProblems(TrainingArguments a)
    {
        const string s = TrainingArguments.SectionName;
        foreach (var entry in a.IncludeForMetrics ?? [])
        {
            if (MetricInputs.Contains(entry)) continue;
            var closest = ClosestName.Find(entry ?? "", MetricInputs);
            yield return closest is null
                ? $"{s}:{nameof(a.IncludeForMetrics)}: '{entry}' is not one of {string.Join(", ", MetricInputs)}."
                : $"{s}:{nameof(a.IncludeForMetrics)}: '{entry}' is not one of {string.Join(", ", MetricInputs)}. Did you mean '{closest}'?";
        }

        if (a.LabelNames is not { } names) yield break;
        if (names.Any(string.IsNullOrWhiteSpace))
            yield return $"{s}:{nameof(a.LabelNames)} holds an empty name: each entry names a batch tensor (leave the setting unset for [\"labels\"]).";
        foreach (var duplicate in names.Where(n => !string.IsNullOrWhiteSpace(n)).GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
            yield return $"{s}:{nameof(a.LabelNames)} names '{duplicate.Key}' {duplicate.Count()} times: each label entry once.";
    }

    private static readonly string[] MetricInputs = ["inputs", "loss"];

    private static IEnumerable<(string Name, double Value)> FiniteSettings(TrainingArguments a) =>
    [
        (nameof(a.NumTrainEpochs), a.NumTrainEpochs), (nameof(a.WarmupSteps), a.WarmupSteps),
        (nameof(a.LoggingSteps), a.LoggingSteps), (nameof(a.EvalSteps), a.EvalSteps ?? 1), (nameof(a.SaveSteps), a.SaveSteps),
        (nameof(a.MaxGradNorm), a.MaxGradNorm), (nameof(a.WeightDecay), a.WeightDecay), (nameof(a.AdamEpsilon), a.AdamEpsilon),
        (nameof(a.AdamBeta1), a.AdamBeta1), (nameof(a.AdamBeta2), a.AdamBeta2),
    ];

    // Transformers' __post_init__: with steps strategies, the save interval must be a round multiple of the
    // evaluation interval (both ratios, or both counts), or the best checkpoint might never be saved.
    private static string? SaveStepsProblem(TrainingArguments a)
    {
        if (a.EvalStrategy != IntervalStrategy.Steps || a.SaveStrategy != SaveStrategy.Steps) return null;
        var eval = a.EvalSteps ?? a.LoggingSteps;
        const string s = TrainingArguments.SectionName;
        if ((eval < 1) != (a.SaveSteps < 1))
            return $"{s}:{nameof(a.LoadBestModelAtEnd)} = true requires {s}:{nameof(a.SaveSteps)} and {s}:{nameof(a.EvalSteps)} to be both ratios (< 1) or both counts, but found {a.SaveSteps.ToString(CultureInfo.InvariantCulture)} and {eval.ToString(CultureInfo.InvariantCulture)}.";
        // Ratios compare as Transformers does, scaled so that float noise does not break a round multiple.
        var (save, every) = eval < 1 ? (Math.Round(a.SaveSteps * 1e6), Math.Round(eval * 1e6)) : (a.SaveSteps, eval);
        return every > 0 && save % every != 0
            ? $"{s}:{nameof(a.LoadBestModelAtEnd)} = true requires {s}:{nameof(a.SaveSteps)} to be a round multiple of {s}:{nameof(a.EvalSteps)}, but found {a.SaveSteps.ToString(CultureInfo.InvariantCulture)}, which is not a round multiple of {eval.ToString(CultureInfo.InvariantCulture)}."
            : null;
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private IEnumerable<string> CheckOptimizer(TrainingArguments a)
    {
        OptimArgs parsed;
        try
        {
            parsed = Training.Optim.OptimArgs.Parse(a.OptimArgs);
        }
        catch (OptimArgsFormatException e)
        {
            return [$"{TrainingArguments.SectionName}:{e.Message}"];
        }

        if (optimizers is null) return [];
        if (!optimizers.Contains(a.Optim))
            return [$"{TrainingArguments.SectionName}:{new UnknownOptimizerException(a.Optim, optimizers.Descriptors.Select(d => d.Name).ToList()).Message}"];
        try
        {
            // Every entry that declares its arguments is checked here, a program's own included: no model is needed.
            _ = optimizers.Bind(a.Optim, parsed);
            return [];
        }
        catch (ArgumentBindingException e)
        {
            return e.Problems.Select(p => $"{StartupDryRun.Describe(a, "optimizer")}: {e.Path}: {p.Message}");
        }
    }

    private IEnumerable<string> CheckScheduler(TrainingArguments a)
    {
        if (schedulers is null) return [];
        if (!schedulers.Contains(a.LrSchedulerType))
            return [$"{TrainingArguments.SectionName}:{new UnknownSchedulerException(a.LrSchedulerType, schedulers.Descriptors.Select(d => d.Name).ToList()).Message}"];
        if (a.LrSchedulerType is "reduce_lr_on_plateau" or "greedy" && a.EvalStrategy == IntervalStrategy.No)
            return [$"{TrainingArguments.SectionName}:{nameof(a.LrSchedulerType)} = {a.LrSchedulerType} steps on evaluation metrics: set {TrainingArguments.SectionName}:{nameof(a.EvalStrategy)} to 'steps' or 'epoch'."];
        try
        {
            // As for OptimArgs: every entry that declares its kwargs is checked here, a program's own included.
            _ = schedulers.Bind(a.LrSchedulerType, OptimizerRequests.SchedulerKwargs(a), LrSchedulerKwargs.SettingName);
            return [];
        }
        catch (ArgumentBindingException e)
        {
            return e.Problems.Select(p => $"{StartupDryRun.Describe(a, "scheduler")}: {e.Path}: {p.Message}");
        }
    }

    // Transformers' __post_init__: a prefetch factor only means something with workers.
    private static IEnumerable<string> DataLoadingProblems(TrainingArguments a)
    {
        const string s = TrainingArguments.SectionName;
        if (a.DataloaderNumWorkers < 0)
            yield return $"{s}:{nameof(a.DataloaderNumWorkers)} = {a.DataloaderNumWorkers} is invalid: it must be >= 0 (0 collates on the training thread).";
        if (a.DataloaderPrefetchFactor is int prefetch)
        {
            if (prefetch < 1)
                yield return $"{s}:{nameof(a.DataloaderPrefetchFactor)} = {prefetch} is invalid: it must be at least 1.";
            else if (a.DataloaderNumWorkers == 0)
                yield return $"{s}:{nameof(a.DataloaderPrefetchFactor)} = {prefetch} can only be set when batches are collated on worker threads: set {s}:{nameof(a.DataloaderNumWorkers)} > 0, or leave the prefetch factor unset.";
        }
    }
}
