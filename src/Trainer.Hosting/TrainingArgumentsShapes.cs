using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Training.Schedulers;

namespace Training.Hosting;

/// <summary>
/// The settings whose configuration shape the binder cannot express: a single string where a list is expected
/// (<c>OptimTargetModules</c> — one regular expression, Transformers' <c>str</c> case; <c>ReportTo</c>, <c>LabelNames</c>,
/// <c>IncludeForMetrics</c> — one name),
/// and <c>LrSchedulerKwargs</c> given as a JSON object string (Transformers decodes it) or with list values.
/// Runs after binding; the shapes were checked by <see cref="SettingsSchema"/> before.
/// </summary>
internal static class TrainingArgumentsShapes
{
    public static void Apply(IConfigurationSection section, TrainingArguments args)
    {
        var targets = section.GetSection(nameof(TrainingArguments.OptimTargetModules));
        // A single string wins over a list from another source: it can only be an override.
        if (targets.Value is { Length: > 0 } pattern)
        {
            args.OptimTargetModules = [pattern];
            args.OptimTargetModulesIsPattern = true;
        }

        var reportTo = section.GetSection(nameof(TrainingArguments.ReportTo));
        if (reportTo.Value is { Length: > 0 } single) args.ReportTo = [single];
        // The binder appends a configured list to the default ["none"]; the configured items replace it instead.
        else if (reportTo.GetChildren().Select(c => c.Value).OfType<string>().ToList() is { Count: > 0 } reporters) args.ReportTo = reporters;
        var labelNames = section.GetSection(nameof(TrainingArguments.LabelNames));
        if (labelNames.Value is { Length: > 0 } label) args.LabelNames = [label];
        var includeForMetrics = section.GetSection(nameof(TrainingArguments.IncludeForMetrics));
        if (includeForMetrics.Value is { Length: > 0 } include) args.IncludeForMetrics = [include];

        var kwargs = section.GetSection(nameof(TrainingArguments.LrSchedulerKwargs));
        if (kwargs.Value is { Length: > 0 } json && !kwargs.GetChildren().Any())
        {
            try
            {
                // A null argument is Python's None: the scheduler's default, so it is left out.
                args.LrSchedulerKwargs = LrSchedulerKwargs.Parse(json).Where(p => p.Value is not null)
                    .ToDictionary(p => p.Key, p => Text(p.Key, p.Value), StringComparer.Ordinal);
            }
            catch (ArgumentException e)
            {
                throw new OptionsValidationException(TrainingArguments.SectionName, typeof(TrainingArguments),
                    [e.Message.StartsWith(kwargs.Key, StringComparison.Ordinal) ? $"{TrainingArguments.SectionName}:{e.Message}" : $"{kwargs.Path} = '{json}': {e.Message}"]);
            }
        }

        foreach (var child in kwargs.GetChildren())
        {
            var items = child.GetChildren().ToList();
            if (items.Count > 0) args.LrSchedulerKwargs[child.Key] = "[" + string.Join(", ", items.Select(i => i.Value)) + "]";
        }
    }

    // The dictionary holds configuration text; the scheduler's schema binds it back (ArgumentCoercion).
    private static string Text(string key, object? value) => value switch
    {
        bool b => b ? "true" : "false",
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IEnumerable<object?> list => "[" + string.Join(", ", list.Select(v => Text(key, v))) + "]",
        _ => throw new ArgumentException($"'{key}' is a nested object; each argument must be a value or a list of values"),
    };
}
