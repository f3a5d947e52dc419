using Microsoft.Extensions.Configuration;
using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Cerebras-style scheduler configuration, from appsettings.json (an <see cref="IConfigurationSection"/>), JSON, or
/// dictionaries and lists built in code. Two formats, as in cstorch 2.2/2.3:
/// <list type="bullet">
/// <item><c>learning_rate</c> (configure_lr_scheduler): <c>0.01</c>; <c>{scheduler: "CosineDecay", ...}</c>; a list of
/// such dictionaries run one after another, or multiplied with <c>main_scheduler: chained</c>; plus
/// <c>adjust_learning_rate</c> for per-group scaling.</item>
/// <item><c>{ClassName: kwargs}</c> (configure_scheduler): any LR or WD class by its exact name, composites nesting
/// the same format.</item>
/// </list>
/// Each scheduler's arguments bind against its class's schema under its configuration path: unknown keys, missing
/// arguments and values of the wrong type are one <see cref="ArgumentBindingException"/> listing every problem
/// (with the closest key for a misspelling). Other errors are <see cref="ArgumentException"/> (legacy keys, bad
/// values, inconsistent composites) or <see cref="FormatException"/> (a node of the wrong shape), naming the
/// configuration path, key and value.
/// </summary>
public static class CerebrasSchedulerConfig
{
    /// <summary>The spec a <c>learning_rate</c> setting stands for, or null when it is falsy (no scheduler).</summary>
    public static CerebrasSchedulerSpec? ResolveLearningRate(object? learningRate, object? adjustLearningRate = null) =>
        LearningRateConfig.Resolve(learningRate, adjustLearningRate);

    /// <summary>
    /// The spec a <c>{ClassName: kwargs}</c> setting stands for (milestones computed, tags copied to children),
    /// validated as a whole.
    /// </summary>
    public static CerebrasSchedulerSpec ResolveScheduler(object? config)
    {
        var spec = SchedulerClassConfig.Resolve(config, "");
        _ = CerebrasSchedulerBuilder.Compile(spec);
        return spec;
    }

    /// <summary>
    /// configure_lr_scheduler: the scheduler a <c>learning_rate</c> setting describes, attached to
    /// <paramref name="optimizer"/>, or null when the setting is absent, 0 or empty.
    /// </summary>
    public static Scheduler? FromLearningRate(Optimizer optimizer, object? learningRate, object? adjustLearningRate = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var spec = ResolveLearningRate(learningRate, adjustLearningRate);
        return spec is null ? null : CerebrasSchedulerBuilder.Build(optimizer, spec);
    }

    /// <summary>
    /// configure_lr_scheduler on an optimizer section (<c>{"optimizer_type": ..., "learning_rate": ...,
    /// "adjust_learning_rate": {...}}</c>): reads its <c>learning_rate</c> and <c>adjust_learning_rate</c>.
    /// </summary>
    public static Scheduler? FromOptimizerSection(Optimizer optimizer, IConfigurationSection optimizerSection)
    {
        ArgumentNullException.ThrowIfNull(optimizerSection);
        return FromLearningRate(optimizer, optimizerSection.GetSection("learning_rate"), optimizerSection.GetSection("adjust_learning_rate"));
    }

    /// <summary>configure_scheduler: the scheduler a <c>{ClassName: kwargs}</c> setting describes, attached to <paramref name="optimizer"/>.</summary>
    public static Scheduler FromSchedulerConfig(Optimizer optimizer, object? config)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return CerebrasSchedulerBuilder.Build(optimizer, ResolveScheduler(config));
    }
}
