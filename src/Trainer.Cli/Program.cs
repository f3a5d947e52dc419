using Spectre.Console;
using Training.Cli;

// The one place the tool picks the process's console and standard error.
return TrainerCommand.Run(args, AnsiConsole.Console, Console.Error);
