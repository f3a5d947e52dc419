using System.Runtime.InteropServices;

namespace Training.Core;

/// <summary>
/// A training or evaluation step could not allocate memory (libtorch's "can't allocate memory" on the CPU, "out of
/// memory" on an accelerator, or the CLR's <see cref="OutOfMemoryException"/>). The message names the batch-size
/// setting that sized the step and the allocation the engine refused; the engine's exception is the inner one.
/// </summary>
public sealed class TrainingOutOfMemoryException(string message, Exception inner) : InvalidOperationException(message, inner)
{
    /// <summary>Whether <paramref name="e"/> is an allocation failure of the engine or the runtime.</summary>
    public static bool IsAllocationFailure(Exception e) =>
        e is OutOfMemoryException ||
        // A collation worker's failure arrives wrapped with its batch index.
        (e is DataLoaderWorkerException { InnerException: { } collation } && IsAllocationFailure(collation)) ||
        (e is ExternalException && (e.Message.Contains("can't allocate memory", StringComparison.Ordinal) ||
                                    e.Message.Contains("out of memory", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The error for a failed step of <paramref name="what"/> sized by <paramref name="settingName"/> = <paramref name="batchSize"/>.</summary>
    public static TrainingOutOfMemoryException For(string what, string settingName, int batchSize, string advice, Exception inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new TrainingOutOfMemoryException(
            $"out of memory {what} with Training:{settingName} = {batchSize}: {FirstLine(inner.Message)}. Lower Training:{settingName}{advice}.", inner);
    }

    // libtorch appends a native stack of "frame #n" lines; its first line says what was refused.
    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        // "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: ...": the location and the failed
        // condition mean nothing to the user.
        var enforce = line.IndexOf("] ", StringComparison.Ordinal);
        if (line.StartsWith("[enforce fail", StringComparison.Ordinal) && enforce > 0) line = line[(enforce + 2)..];
        var sentence = line.IndexOf(". ", StringComparison.Ordinal);
        if (sentence > 0 && line[..sentence].Contains("==", StringComparison.Ordinal)) line = line[(sentence + 2)..];
        return line.TrimEnd('.');
    }
}
