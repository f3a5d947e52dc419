namespace Training.Core.Tests.Reliability;

/// <summary>
/// One configuration a user could write that must be refused at start-up: the settings file (null: none), the
/// command line, and a part of the one expected message (the key as written, the value, the closest name).
/// </summary>
public sealed record BadConfiguration(string Name, string? SettingsFile, string[] CommandLine, string Expected)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}
