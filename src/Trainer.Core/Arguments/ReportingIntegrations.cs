using Training.Optim;

namespace Training.Core;

/// <summary>
/// The names <see cref="TrainingArguments.ReportTo"/> takes: Transformers' <c>report_to</c> integrations (the keys of
/// its <c>INTEGRATION_TO_CALLBACK</c>), plus <c>none</c> and <c>all</c>. None of the integrations is wired in this
/// port yet, so a known name is refused as not available (a reporting callback is added in code instead) and an
/// unknown one as a misspelling, with the closest known name. Names compare exactly, as in Transformers.
/// </summary>
internal static class ReportingIntegrations
{
    /// <summary>Report to nothing (the default).</summary>
    public const string None = "none";

    /// <summary>Report to every available integration: none is available in this port, so nothing.</summary>
    public const string All = "all";

    /// <summary>Transformers' integrations, in its documentation's alphabetical order.</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        "azure_ml", "clearml", "codecarbon", "comet_ml", "dagshub", "dvclive", "flyte", "mlflow", "neptune", "swanlab",
        "tensorboard", "trackio", "wandb",
    ];

    /// <summary>What is wrong with <paramref name="name"/> as a <c>ReportTo</c> entry under <paramref name="key"/>, or null.</summary>
    public static string? Problem(string key, string? name)
    {
        if (name is None or All) return null;
        if (name is not null && Known.Contains(name, StringComparer.Ordinal))
            return $"{key}: '{name}' is not available: Transformers' reporting integrations are not wired in this port yet; " +
                   $"report from a TrainerCallback added in code, and use '{None}'.";
        var names = $"Transformers' integrations: {string.Join(", ", Known)}; or '{None}', '{All}'";
        var closest = ClosestName.Find(name ?? "", [.. Known, None, All]);
        return closest is null
            ? $"{key}: '{name}' is not a reporting integration ({names})."
            : $"{key}: '{name}' is not a reporting integration. Did you mean '{closest}'? ({names})";
    }
}
