using Microsoft.Extensions.Logging;

namespace Training.Core.Tests.Reliability;

/// <summary>A logger factory that keeps every warning and error, so tests can assert what the Trainer reported.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory, ILogger
{
    private readonly List<string> warnings = [];

    /// <summary>The messages logged at Warning or above.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (warnings) return warnings.ToList();
        }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        lock (warnings) warnings.Add(formatter(state, exception));
    }

    public void Dispose()
    {
    }
}
