namespace Training.Recipes;

/// <summary>The <c>Data</c> section: the text to fine-tune on and how it is cut into examples.</summary>
internal sealed class DataSettings
{
    /// <summary>The section name.</summary>
    public const string SectionName = "Data";

    /// <summary>
    /// A plain text file, or JSON Lines (<c>.jsonl</c>) with a <c>text</c> field or <c>prompt</c>/<c>completion</c> fields.
    /// Empty: the Tiny Shakespeare corpus shipped with the program.
    /// </summary>
    public string? TrainFile { get; set; }

    /// <summary>A file of the same kinds to evaluate on; empty: the last <see cref="ValidationSplit"/> of the training examples.</summary>
    public string? EvalFile { get; set; }

    /// <summary>The fraction of the training examples held out for evaluation when there is no <see cref="EvalFile"/> (run_clm's validation_split_percentage / 100).</summary>
    public double ValidationSplit { get; set; } = 0.05;

    /// <summary>Tokens per example (run_clm's block_size); at most the model's n_positions.</summary>
    public int BlockSize { get; set; } = 128;

    /// <summary>Every problem, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        static string Key(string name) => $"{SectionName}:{name}";
        if (!string.IsNullOrEmpty(TrainFile) && !File.Exists(TrainFile)) yield return $"{Key(nameof(TrainFile))} = '{TrainFile}' does not exist.";
        if (!string.IsNullOrEmpty(EvalFile) && !File.Exists(EvalFile)) yield return $"{Key(nameof(EvalFile))} = '{EvalFile}' does not exist.";
        if (string.IsNullOrEmpty(EvalFile) && !(ValidationSplit > 0 && ValidationSplit < 1))
            yield return $"{Key(nameof(ValidationSplit))} = {ValidationSplit} is invalid: it must be in (0, 1) when there is no {Key(nameof(EvalFile))}.";
        if (BlockSize < 1) yield return $"{Key(nameof(BlockSize))} = {BlockSize} is invalid: it must be at least 1.";
    }
}
