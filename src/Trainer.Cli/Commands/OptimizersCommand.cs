using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Training.Optim;

namespace Training.Cli.Commands;

/// <summary><c>trainer optimizers [name]</c>: every registered optimizer, or one.</summary>
internal sealed class OptimizersCommand(IOptimizerRegistry registry, IAnsiConsole console) : Command<NameSettings>
{
    public override int Execute(CommandContext context, NameSettings settings)
    {
        // Get throws UnknownOptimizerException with the closest name.
        IEnumerable<OptimizerDescriptor> entries = settings.Name is { } name ? [registry.Get(name)] : registry.Descriptors;
        var table = new Table().AddColumns("Name", "Description", "State bytes / parameter", "Arguments (OptimArgs) with defaults");
        foreach (var entry in entries)
        {
            table.AddRow(Markup.Escape(entry.Name), Markup.Escape(entry.Description),
                entry.StateBytesPerParameter.ToString("0.##", CultureInfo.InvariantCulture), Markup.Escape(ArgumentText.Describe(entry.Arguments)));
        }

        console.Write(table);
        return 0;
    }
}
