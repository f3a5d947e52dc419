using Spectre.Console;
using Spectre.Console.Cli;
using Training.Schedulers;

namespace Training.Cli.Commands;

/// <summary><c>trainer schedulers [name]</c>: every registered scheduler, or one.</summary>
internal sealed class SchedulersCommand(ISchedulerRegistry registry, IAnsiConsole console) : Command<NameSettings>
{
    public override int Execute(CommandContext context, NameSettings settings)
    {
        // Get throws UnknownSchedulerException with the closest name.
        IEnumerable<SchedulerDescriptor> entries = settings.Name is { } name ? [registry.Get(name)] : registry.Descriptors;
        var table = new Table().AddColumns("Name", "Description", "Arguments (LrSchedulerKwargs) with defaults");
        foreach (var entry in entries)
            table.AddRow(Markup.Escape(entry.Name), Markup.Escape(entry.Description), Markup.Escape(ArgumentText.Describe(entry.Arguments)));
        console.Write(table);
        return 0;
    }
}
