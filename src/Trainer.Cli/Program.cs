using Spectre.Console;
using Training.Cli;

return TrainerCommand.Run(args, AnsiConsole.Console);
