using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Core;

/// <summary>
/// Writes a checkpoint atomically: every file goes into a temporary folder beside the target, which is then
/// renamed into place. A crash mid-save leaves at worst a stale temporary folder (removed by the next save) and
/// never touches an existing checkpoint.
/// </summary>
internal static class CheckpointWriter
{
    /// <summary>Writes <paramref name="files"/> (name → writer of that file's path) as <paramref name="target"/>.</summary>
    /// <param name="target">The checkpoint folder.</param>
    /// <param name="files">Each file's name and the writer of its path.</param>
    /// <param name="writeIntoFolder">
    /// Writes files of its own naming into the temporary folder (a model's configuration files), before
    /// <paramref name="files"/>, so a file of the same name from <paramref name="files"/> wins.
    /// </param>
    public static void Write(string target, IReadOnlyList<(string Name, Action<string> Write)> files, Action<string>? writeIntoFolder = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var parent = Path.GetDirectoryName(Path.GetFullPath(target))!;
        Directory.CreateDirectory(parent);
        RemoveStaleTemporaries(parent);
        var temporary = Path.Combine(parent, CheckpointFiles.TemporaryPrefix + Path.GetFileName(target) + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temporary);
        try
        {
            writeIntoFolder?.Invoke(temporary);
            foreach (var (name, write) in files) write(Path.Combine(temporary, name));
            if (Directory.Exists(target))
            {
                // Replacing a checkpoint of the same step: move the old one aside first, so either the old or the
                // new folder exists under the name at every moment.
                var old = temporary + ".old";
                Directory.Move(target, old);
                Directory.Move(temporary, target);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(temporary, target);
            }
        }
        catch
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    private static void RemoveStaleTemporaries(string parent)
    {
        foreach (var stale in Directory.GetDirectories(parent, CheckpointFiles.TemporaryPrefix + "*"))
        {
            try
            {
                Directory.Delete(stale, recursive: true);
            }
            catch (IOException)
            {
                // Another writer may still own it; it is harmless either way.
            }
        }
    }

    /// <summary>
    /// Deletes the oldest checkpoints beyond <paramref name="limit"/>, never the best one (Transformers' rotation:
    /// with a limit of 1 and a best checkpoint that is not the newest, both are kept).
    /// </summary>
    public static IReadOnlyList<string> Rotate(string outputDir, int? limit, string? bestCheckpoint)
    {
        if (limit is not int keep) return [];
        var all = CheckpointFiles.List(outputDir).ToList();
        var best = bestCheckpoint is null ? null : Path.GetFullPath(bestCheckpoint);
        if (best is not null && all.Any(c => Path.GetFullPath(c) == best) && keep == 1 && Path.GetFullPath(all[^1]) != best) keep = 2;
        var deletable = all.Where(c => Path.GetFullPath(c) != best).ToList();
        var excess = all.Count - keep;
        var deleted = new List<string>();
        foreach (var folder in deletable.Take(Math.Max(0, excess)))
        {
            // Rename first, then delete: a process killed mid-delete must not leave a checkpoint-* folder with some
            // of its files gone. The renamed folder is a temporary, removed by the next save if this one dies.
            var doomed = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(folder))!,
                CheckpointFiles.TemporaryPrefix + Path.GetFileName(folder) + "-deleted-" + Guid.NewGuid().ToString("N"));
            Directory.Move(folder, doomed);
            Directory.Delete(doomed, recursive: true);
            deleted.Add(folder);
        }

        return deleted;
    }

    /// <summary>The RNG state file: the default CPU generator's state, as <c>rng_state.pth</c> (<c>{"cpu": ByteTensor}</c>).</summary>
    public static void WriteRngState(string path)
    {
        using var scope = torch.NewDisposeScope();
        TorchFile.Save(new Dictionary<string, object?> { ["cpu"] = torch.get_rng_state() }, path);
    }

    /// <summary>Restores the default CPU generator from <c>rng_state.pth</c>.</summary>
    public static void ReadRngState(string path)
    {
        using var scope = torch.NewDisposeScope();
        var saved = TorchFile.Load(path) as System.Collections.IDictionary
                    ?? throw new InvalidDataException($"{path} does not hold an RNG state dictionary");
        if (saved["cpu"] is not Tensor cpu) throw new InvalidDataException($"{path} has no 'cpu' generator state");
        torch.set_rng_state(cpu);
    }
}
