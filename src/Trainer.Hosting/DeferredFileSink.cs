using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Training.Hosting;

/// <summary>
/// A Serilog sink that opens its log file at the first event, not when logging is configured: a run whose
/// configuration is rejected at start-up logs nothing, so it leaves no empty <c>train.log</c> (nor the output
/// folder Serilog would create for it).
/// </summary>
internal sealed class DeferredFileSink(string path) : ILogEventSink, IDisposable
{
    private readonly Lock gate = new();
    private Logger? file;
    private bool disposed;

    /// <inheritdoc/>
    public void Emit(LogEvent logEvent)
    {
        lock (gate)
        {
            if (disposed) return;
            file ??= new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.File(path, shared: true).CreateLogger();
            file.Write(logEvent);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            file?.Dispose();
        }
    }
}
