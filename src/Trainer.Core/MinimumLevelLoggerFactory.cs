using Microsoft.Extensions.Logging;

namespace Training.Core;

/// <summary>
/// The host's logger factory seen through a minimum level, for the Trainer's own loggers only
/// (<see cref="TrainingArguments.LogLevel"/>): the host's providers and their configuration stay as they are, and the
/// factory is the host's to dispose.
/// </summary>
internal sealed class MinimumLevelLoggerFactory(ILoggerFactory inner, LogLevel minimum) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new MinimumLevelLogger(inner.CreateLogger(categoryName), minimum);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // Not the owner of the host's factory.
    public void Dispose()
    {
    }

    private sealed class MinimumLevelLogger(ILogger inner, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= minimum) inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
