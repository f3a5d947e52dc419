namespace Training.Core;

/// <summary>
/// The reporting callbacks <see cref="TrainingArguments.ReportTo"/> asks for (Transformers'
/// <c>get_reporting_integration_callbacks</c>); the Trainer adds them after its built-in callbacks. The names were
/// validated before (<see cref="TrainingArgumentsValidator"/>).
/// </summary>
internal static class ReportingCallbacks
{
    /// <summary>One new callback per reporter named, in the list's order ("all": jsonl, metrics, tensorboard).</summary>
    public static IEnumerable<TrainerCallback> Create(TrainingArguments args) =>
        ReportingIntegrations.Resolve(args.ReportTo).Select(name => name switch
        {
            ReportingIntegrations.JsonLines => (TrainerCallback)new JsonLinesCallback(),
            ReportingIntegrations.Metrics => new MetricsCallback(),
            ReportingIntegrations.TensorBoard => new TensorBoardCallback(),
            _ => throw new ArgumentException(ReportingIntegrations.Problem(TrainingArguments.SectionName + ":" + nameof(args.ReportTo), name)),
        }).ToList();
}
