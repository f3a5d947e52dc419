using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Training.Core;

/// <summary>Writes every logged entry as a Transformers-style line: <c>{'loss': 2.31, 'grad_norm': 0.8, 'learning_rate': 3e-4, 'epoch': 0.5}</c>.</summary>
public sealed class LoggingCallback(ILogger<LoggingCallback> logger) : TrainerCallback
{
    /// <inheritdoc/>
    public override void OnLog(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Values is null) return;
        var text = "{" + string.Join(", ", context.Values.Select(p => $"'{p.Key}': {Format(p.Value)}")) + "}";
        logger.LogInformation("step {Step}/{MaxSteps} {Entry}", state.GlobalStep, state.MaxSteps, text);
    }

    /// <summary>Short, round-trippable enough numbers for logs.</summary>
    public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
