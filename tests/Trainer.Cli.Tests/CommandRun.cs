using Spectre.Console;

namespace Training.Cli.Tests;

/// <summary>Runs the trainer command in-process on a plain, wide console and keeps what it printed (with the error lines of <c>train</c>).</summary>
internal static class CommandRun
{
    public static (int ExitCode, string Output) Of(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        // Wide enough that no table cell wraps, so a row is one line.
        console.Profile.Width = 1000;
        var code = TrainerCommand.Run(args, console, errors: writer);
        return (code, writer.ToString());
    }
}
