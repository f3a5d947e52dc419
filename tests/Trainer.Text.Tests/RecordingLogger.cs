using Microsoft.Extensions.Logging;

namespace Training.Text.Tests;

/// <summary>Keeps every message logged through it.</summary>
internal sealed class RecordingLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
    }
}

/// <summary>Keeps every progress report, synchronously (System.Progress would post them to the thread pool).</summary>
internal sealed class RecordingProgress : IProgress<TokenizationProgress>
{
    public List<TokenizationProgress> Reports { get; } = [];

    public void Report(TokenizationProgress value)
    {
        lock (Reports) Reports.Add(value);
    }
}
