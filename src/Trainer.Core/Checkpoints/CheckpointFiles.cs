namespace Training.Core;

/// <summary>File and folder names of Transformers' checkpoint layout.</summary>
public static class CheckpointFiles
{
    /// <summary>Prefix of checkpoint folders: <c>checkpoint-&lt;global_step&gt;</c>.</summary>
    public const string Prefix = "checkpoint-";

    /// <summary>Model weights (safetensors).</summary>
    public const string Model = "model.safetensors";

    /// <summary>Optimizer state dict (torch.save format).</summary>
    public const string Optimizer = "optimizer.pt";

    /// <summary>Scheduler state dict (torch.save format).</summary>
    public const string Scheduler = "scheduler.pt";

    /// <summary>Progress and log history (JSON).</summary>
    public const string TrainerState = "trainer_state.json";

    /// <summary>Random generator states (torch.save format).</summary>
    public const string RngState = "rng_state.pth";

    /// <summary>The arguments of the run (JSON; Transformers writes training_args.bin).</summary>
    public const string TrainingArgs = "training_args.json";

    /// <summary>Folders being written start with this and are never mistaken for checkpoints.</summary>
    public const string TemporaryPrefix = ".tmp-checkpoint-";

    /// <summary>The folder of the checkpoint at <paramref name="step"/>.</summary>
    public static string Folder(string outputDir, long step) => Path.Combine(outputDir, Prefix + step.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The global step a checkpoint folder name encodes, or null for other folders.</summary>
    public static long? StepOf(string folder)
    {
        var name = Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar));
        return name.StartsWith(Prefix, StringComparison.Ordinal) &&
               long.TryParse(name.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var step)
            ? step
            : null;
    }

    /// <summary>Every complete checkpoint in <paramref name="outputDir"/>, oldest first.</summary>
    public static IReadOnlyList<string> List(string outputDir) =>
        !Directory.Exists(outputDir)
            ? []
            : Directory.GetDirectories(outputDir).Where(d => StepOf(d) is not null).OrderBy(d => StepOf(d)).ToList();

    /// <summary>The newest checkpoint; an error when there is none (resume "last").</summary>
    public static string Last(string outputDir) =>
        List(outputDir).LastOrDefault() ?? throw new DirectoryNotFoundException($"no checkpoint-* folder in {outputDir} to resume from");
}
