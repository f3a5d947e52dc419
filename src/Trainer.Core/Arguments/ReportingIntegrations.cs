using Training.Optim;

namespace Training.Core;

/// <summary>
/// The names <see cref="TrainingArguments.ReportTo"/> takes: the reporters of this port (<c>jsonl</c>, <c>metrics</c>,
/// <c>tensorboard</c>), Transformers' other <c>report_to</c> integrations (the keys of its <c>INTEGRATION_TO_CALLBACK</c>,
/// refused as not available here), plus <c>none</c> and <c>all</c>, each alone. An unknown name is refused as a
/// misspelling, with the closest known name. Names compare exactly, as in Transformers.
/// </summary>
internal static class ReportingIntegrations
{
    /// <summary>Report to nothing (the default).</summary>
    public const string None = "none";

    /// <summary>Report to every available reporter (<see cref="Available"/>).</summary>
    public const string All = "all";

    /// <summary>One JSON object per log entry (<see cref="JsonLinesCallback"/>).</summary>
    public const string JsonLines = "jsonl";

    /// <summary>System.Diagnostics.Metrics instruments (<see cref="MetricsCallback"/>).</summary>
    public const string Metrics = "metrics";

    /// <summary>TensorBoard event files (<see cref="TensorBoardCallback"/>).</summary>
    public const string TensorBoard = "tensorboard";

    /// <summary>The reporters this port has, in the order "all" adds them.</summary>
    public static IReadOnlyList<string> Available { get; } = [JsonLines, Metrics, TensorBoard];

    /// <summary>Transformers' integrations, in its documentation's alphabetical order.</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        "azure_ml", "clearml", "codecarbon", "comet_ml", "dagshub", "dvclive", "flyte", "mlflow", "neptune", "swanlab",
        "tensorboard", "trackio", "wandb",
    ];

    /// <summary>The reporters a valid <c>ReportTo</c> list names: none for <c>none</c> (or an empty list), every one for <c>all</c>.</summary>
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0 || names.Contains(None, StringComparer.Ordinal)) return [];
        if (names.Contains(All, StringComparer.Ordinal)) return Available;
        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>What is wrong with the list as a whole ("none" or "all" together with other names), or null.</summary>
    public static string? ListProblem(string key, IReadOnlyList<string>? names)
    {
        if (names is null || names.Count < 2) return null;
        foreach (var alone in new[] { None, All })
            if (names.Contains(alone, StringComparer.Ordinal) && names.Any(n => n != alone))
                return $"{key}: '{alone}' cannot be combined with other names ([{string.Join(", ", names.Select(n => $"'{n}'"))}]); " +
                       $"give '{alone}' alone, or list the reporters ({string.Join(", ", Available)}).";
        return null;
    }

    /// <summary>What is wrong with <paramref name="name"/> as a <c>ReportTo</c> entry under <paramref name="key"/>, or null.</summary>
    public static string? Problem(string key, string? name)
    {
        if (name is None or All) return null;
        if (name is not null && Available.Contains(name, StringComparer.Ordinal)) return null;
        if (name is not null && Known.Contains(name, StringComparer.Ordinal))
            return $"{key}: '{name}' is not available: it is one of Transformers' reporting integrations this port does not have; " +
                   $"use {string.Join(", ", Available.Select(n => $"'{n}'"))}, '{All}' or '{None}', or report from a TrainerCallback added in code.";
        var names = $"available here: {string.Join(", ", Available)}; Transformers' integrations: {string.Join(", ", Known)}; or '{None}', '{All}'";
        var closest = ClosestName.Find(name ?? "", [.. Available, .. Known.Except(Available), None, All]);
        return closest is null
            ? $"{key}: '{name}' is not a reporting integration ({names})."
            : $"{key}: '{name}' is not a reporting integration. Did you mean '{closest}'? ({names})";
    }
}
