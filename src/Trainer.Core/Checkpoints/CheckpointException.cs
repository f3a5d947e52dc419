namespace Training.Core;

/// <summary>
/// A checkpoint that cannot be resumed from: a file is missing, truncated, altered or does not fit the model,
/// optimizer, scheduler or training plan. The message names the file (<c>checkpoint-40/optimizer.pt</c>), the entry
/// or tensor and what is wrong. Thrown before anything is restored, so the run and the checkpoint folder are
/// unchanged. Distinct from configuration errors: the settings are fine, the file is not.
/// </summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the error for <paramref name="file"/> (as the message shows it) with <paramref name="problem"/>.</summary>
    public CheckpointException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner)
    {
        File = file;
    }

    /// <summary>The checkpoint file, as <c>checkpoint-&lt;step&gt;/&lt;name&gt;</c>.</summary>
    public string File { get; }

    /// <summary>
    /// Wraps an error of a file reader (safetensors, torch.save, JSON) whose message may already name the file as
    /// <c>'file' …</c>, so the file is named once.
    /// </summary>
    public static CheckpointException From(string file, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var quoted = $"'{file}' ";
        var problem = error.Message.StartsWith(quoted, StringComparison.Ordinal) ? error.Message[quoted.Length..] : error.Message;
        if (error is not (InvalidDataException or CheckpointException)) problem = $"{problem} ({error.GetType().Name})";
        return new CheckpointException(file, problem, error);
    }
}
