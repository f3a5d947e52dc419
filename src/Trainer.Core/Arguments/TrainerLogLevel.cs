using Microsoft.Extensions.Logging;

namespace Training.Core;

/// <summary>
/// Transformers' <c>log_level</c> values: <see cref="Passive"/> leaves the levels the host configured; the others set the
/// minimum level of the Trainer's own loggers (the Trainer, its logging callback and reporters), not the host's.
/// </summary>
public enum TrainerLogLevel
{
    /// <summary>The host's configuration decides (Transformers' default).</summary>
    Passive,
    /// <summary>Debug and above.</summary>
    Debug,
    /// <summary>Information and above.</summary>
    Info,
    /// <summary>Warnings and above.</summary>
    Warning,
    /// <summary>Errors and above.</summary>
    Error,
    /// <summary>Critical messages only.</summary>
    Critical,
}

/// <summary>The <see cref="LogLevel"/> of each <see cref="TrainerLogLevel"/>.</summary>
public static class TrainerLogLevels
{
    /// <summary>The minimum level <paramref name="level"/> stands for, or null for <see cref="TrainerLogLevel.Passive"/>.</summary>
    public static LogLevel? Minimum(this TrainerLogLevel level) => level switch
    {
        TrainerLogLevel.Passive => null,
        TrainerLogLevel.Debug => LogLevel.Debug,
        TrainerLogLevel.Info => LogLevel.Information,
        TrainerLogLevel.Warning => LogLevel.Warning,
        TrainerLogLevel.Error => LogLevel.Error,
        TrainerLogLevel.Critical => LogLevel.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "not a TrainerLogLevel"),
    };
}
