using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Training.Core;

namespace Training.Cli.Commands;

/// <summary><c>trainer inspect CHECKPOINT</c>: what a checkpoint folder holds and whether a run can resume from it.</summary>
internal sealed class InspectCommand(IAnsiConsole console) : Command<InspectCommand.Settings>
{
    /// <summary>The folder to inspect.</summary>
    internal sealed class Settings : CommandSettings
    {
        /// <summary>A <c>checkpoint-N</c> folder.</summary>
        [CommandArgument(0, "<checkpoint>")]
        [Description("A checkpoint-N folder written by the Trainer.")]
        public string Checkpoint { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings)
    {
        var folder = settings.Checkpoint;
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"'{folder}' is not a folder");
        var statePath = Path.Combine(folder, CheckpointFiles.TrainerState);
        var state = File.Exists(statePath) ? TrainerState.FromJson(File.ReadAllText(statePath), statePath) : null;
        var arguments = ReadArguments(Path.Combine(folder, CheckpointFiles.TrainingArgs));
        var saveOnlyModel = arguments?.TryGetProperty(nameof(TrainingArguments.SaveOnlyModel), out var only) == true && only.ValueKind == JsonValueKind.True;
        var missing = Required(saveOnlyModel).Where(f => !File.Exists(Path.Combine(folder, f))).ToList();

        console.MarkupLineInterpolated($"[bold]{Path.GetFileName(Path.GetFullPath(folder))}[/]: {(missing.Count == 0 ? "complete" : "incomplete, missing " + string.Join(", ", missing))}{(saveOnlyModel ? " (model only: SaveOnlyModel)" : "")}");
        if (state is not null)
        {
            console.MarkupLineInterpolated($"step {state.GlobalStep} of {state.MaxSteps}, epoch {state.Epoch.ToString("0.####", CultureInfo.InvariantCulture)}, input tokens seen {state.NumInputTokensSeen}");
            if (state.BestMetric is double best)
                console.MarkupLineInterpolated($"best metric {best.ToString("G6", CultureInfo.InvariantCulture)} at step {state.BestGlobalStep} ({state.BestModelCheckpoint})");
            WriteLast(state, "loss", "last training log");
            WriteLast(state, "eval_loss", "last evaluation");
        }

        if (arguments is { } args)
            console.MarkupLineInterpolated($"optimizer {Text(args, nameof(TrainingArguments.Optim))}, scheduler {Text(args, nameof(TrainingArguments.LrSchedulerType))}, learning rate {Text(args, nameof(TrainingArguments.LearningRate))}");

        var files = new Table().AddColumns("File", "Bytes");
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            files.AddRow(Markup.Escape(file.Name), file.Length.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(files);
        return missing.Count == 0 ? 0 : 1;
    }

    // What a resume reads; a model-only checkpoint has no optimizer, scheduler or RNG state.
    private static IEnumerable<string> Required(bool saveOnlyModel) => saveOnlyModel
        ? [CheckpointFiles.Model, CheckpointFiles.TrainerState]
        : [CheckpointFiles.Model, CheckpointFiles.Optimizer, CheckpointFiles.Scheduler, CheckpointFiles.RngState, CheckpointFiles.TrainerState];

    private void WriteLast(TrainerState state, string key, string title)
    {
        var entry = state.LogHistory.LastOrDefault(e => e.ContainsKey(key));
        if (entry is null) return;
        var values = entry.Where(p => p.Key is not "epoch" and not "step").Select(p => $"{p.Key} {p.Value.ToString("G6", CultureInfo.InvariantCulture)}");
        console.MarkupLineInterpolated($"{title} (step {entry.GetValueOrDefault("step")}): {string.Join(", ", values)}");
    }

    private static JsonElement? ReadArguments(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    private static string Text(JsonElement args, string name) => args.TryGetProperty(name, out var value) ? value.ToString() : "?";
}
