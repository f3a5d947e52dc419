using System.ComponentModel;
using Spectre.Console.Cli;

namespace Training.Cli.Commands;

/// <summary>An optional registry name: one entry in full instead of the whole list.</summary>
internal sealed class NameSettings : CommandSettings
{
    /// <summary>The entry to show; all of them when absent.</summary>
    [CommandArgument(0, "[name]")]
    [Description("Show only this entry (an unknown name gets the closest registered one).")]
    public string? Name { get; init; }
}
