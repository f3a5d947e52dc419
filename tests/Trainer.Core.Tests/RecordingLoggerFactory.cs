using Microsoft.Extensions.Logging;

namespace Training.Core.Tests;

/// <summary>A logger factory that keeps every formatted message with its level, served to the Trainer as a service.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory, IServiceProvider
{
    public List<(LogLevel Level, string Message)> Records { get; } = [];

    /// <summary>The messages logged at Warning, as a snapshot (a training thread may still be logging).</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (Records) return Records.Where(r => r.Level == LogLevel.Warning).Select(r => r.Message).ToList();
        }
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public object? GetService(Type serviceType) => serviceType == typeof(ILoggerFactory) ? this : null;

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.Records) owner.Records.Add((logLevel, formatter(state, exception)));
        }
    }
}
