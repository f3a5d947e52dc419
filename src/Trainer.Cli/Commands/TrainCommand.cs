using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Training.Recipes;

namespace Training.Cli.Commands;

/// <summary>
/// <c>trainer train --config appsettings.json [-- --Training:Key=value ...]</c>: the GPT-2 fine-tuning job
/// (<see cref="Gpt2FineTuningJob"/>, what examples/FineTuneGpt2 runs) with that settings file, checked before anything
/// loads, stopping at a checkpoint on SIGTERM/Ctrl+C, with the example programs' exit codes.
/// </summary>
internal sealed class TrainCommand(ErrorOutput errors) : Command<TrainCommand.Settings>
{
    /// <summary>The settings file of the job.</summary>
    internal sealed class Settings : CommandSettings
    {
        /// <summary>The settings file (sections Training, Model, Data).</summary>
        [CommandOption("-c|--config <file>")]
        [Description("The job's settings file: sections Training, Model and Data, as examples/FineTuneGpt2/appsettings.json. "
            + "Relative paths in it and in the overrides (Data:TrainFile, Data:EvalFile, Model:Path, Training:OutputDir, ...) "
            + "are relative to the current directory, not to the file's folder; an empty Data:TrainFile trains on the Tiny "
            + "Shakespeare corpus shipped with the tool. --Section:Key=value after -- override it.")]
        public string Config { get; init; } = "appsettings.json";

        public override ValidationResult Validate() =>
            File.Exists(Config) ? ValidationResult.Success() : ValidationResult.Error($"--config {Config}: the settings file does not exist");
    }

    public override int Execute(CommandContext context, Settings settings)
    {
        return Gpt2FineTuningJob.Run(new TrainingProgram(errors.Writer, settings.Config), [.. context.Remaining.Raw]);
    }
}
