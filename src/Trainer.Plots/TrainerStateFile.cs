namespace Training.Plots;

/// <summary>
/// Finds and reads the <c>trainer_state.json</c> of a run, also while it is running: the newest complete
/// <c>checkpoint-*</c> folder's file (the Trainer writes checkpoints into a temporary folder and renames it, so a
/// listed folder is complete), retried when checkpoint rotation deletes it between listing and reading.
/// </summary>
public static class TrainerStateFile
{
    private const int Attempts = 5;

    /// <summary>
    /// The state file <paramref name="path"/> names: the path itself when it is a file; in a folder, its own
    /// <c>trainer_state.json</c> when it is a checkpoint folder, else the newest <c>checkpoint-*</c>'s, else
    /// the folder's own one.
    /// </summary>
    public static string Locate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path)) return path;
        if (!Directory.Exists(path)) throw new FileNotFoundException($"{path} is neither a trainer_state.json nor an output folder", path);
        var own = Path.Combine(path, CheckpointFiles.TrainerState);
        if (CheckpointFiles.StepOf(path) is not null && File.Exists(own)) return own;
        var newest = CheckpointFiles.List(path).Select(d => Path.Combine(d, CheckpointFiles.TrainerState)).LastOrDefault(File.Exists);
        if (newest is not null) return newest;
        if (File.Exists(own)) return own;
        throw new FileNotFoundException($"{path} has no {CheckpointFiles.Prefix}*/{CheckpointFiles.TrainerState} (and no {CheckpointFiles.TrainerState} of its own): no checkpoint was saved yet", own);
    }

    /// <summary>Reads the state <paramref name="path"/> names (see <see cref="Locate"/>), retrying while a running job rotates its checkpoints.</summary>
    public static (TrainerState State, string Source) Read(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var file = Locate(path);
                // Shared with writers and deleters: a checkpoint rotated away while open is still read whole.
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                return (TrainerState.FromJson(reader.ReadToEnd(), file), file);
            }
            catch (Exception e) when (attempt < Attempts && e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
            {
                // Rotated away between listing and opening (or, for a file written in place by another tool, caught
                // half-written): look again. A folder that never had a checkpoint fails after the last attempt.
                Thread.Sleep(50 * attempt);
            }
        }
    }
}
