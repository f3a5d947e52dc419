namespace Training.Cli.Commands;

/// <summary>
/// Where <c>trainer train</c> writes its error and stop lines (standard error for the tool, so a script can keep them
/// apart from the log on standard output): the <see cref="Training.Recipes.TrainingProgram"/>'s writer.
/// </summary>
internal sealed record ErrorOutput(TextWriter Writer);
