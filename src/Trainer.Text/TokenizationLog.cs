using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Training.Text;

/// <summary>Progress of one file's tokenization: to the <see cref="IProgress{T}"/>, and to the log every 10% of a large file.</summary>
internal sealed partial class TokenizationLog
{
    // Below this a file tokenizes in well under a second: start and end lines are enough.
    private const long LargeFile = 4L << 20;

    private readonly string path;
    private readonly long totalBytes;
    private readonly TextDatasetOptions options;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int loggedTenths;

    public TokenizationLog(string path, long totalBytes, TextDatasetOptions options, string tokenizer)
    {
        this.path = path;
        this.totalBytes = totalBytes;
        this.options = options;
        if (options.Logger is { } logger) Starting(logger, path, totalBytes / 1048576.0, tokenizer);
    }

    public void Report(long bytesRead, long tokens)
    {
        var progress = new TokenizationProgress(path, bytesRead, totalBytes, tokens);
        options.Progress?.Report(progress);
        if (options.Logger is not { } logger || totalBytes < LargeFile) return;
        var tenths = (int)(progress.Fraction * 10);
        if (tenths <= loggedTenths || tenths >= 10) return;
        loggedTenths = tenths;
        Progressing(logger, path, tenths * 10, tokens);
    }

    public void Done(long tokens, int examples)
    {
        options.Progress?.Report(new TokenizationProgress(path, totalBytes, totalBytes, tokens));
        var seconds = clock.Elapsed.TotalSeconds;
        if (options.Logger is { } logger) Finished(logger, path, tokens, seconds, tokens / Math.Max(seconds, 1e-9), examples);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tokenizing {Path} ({MiB:F1} MiB) with {Tokenizer}")]
    private static partial void Starting(ILogger logger, string path, double miB, string tokenizer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tokenizing {Path}: {Percent}% ({Tokens} tokens)")]
    private static partial void Progressing(ILogger logger, string path, int percent, long tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tokenized {Path}: {Tokens} tokens in {Seconds:F2} s ({Rate:F0} tokens/s), {Examples} examples")]
    private static partial void Finished(ILogger logger, string path, long tokens, double seconds, double rate, int examples);
}
