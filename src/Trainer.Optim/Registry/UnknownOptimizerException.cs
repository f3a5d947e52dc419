namespace Training.Optim;

/// <summary>An optimizer name that is not registered; the message lists the registered names and the closest one.</summary>
public sealed class UnknownOptimizerException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="name"/>.</summary>
    public UnknownOptimizerException(string name, IReadOnlyCollection<string> registered, string settingName = "Optim")
        : base(Describe(name, registered, settingName), settingName)
    {
        RequestedName = name;
        Suggestion = ClosestName.Find(name, registered);
        Registered = registered;
    }

    /// <summary>The name that was asked for.</summary>
    public string RequestedName { get; }

    /// <summary>The closest registered name, if any is close.</summary>
    public string? Suggestion { get; }

    /// <summary>Every registered name.</summary>
    public IReadOnlyCollection<string> Registered { get; }

    private static string Describe(string name, IReadOnlyCollection<string> registered, string settingName)
    {
        var suggestion = ClosestName.Find(name, registered);
        var hint = suggestion is null ? "" : $" Did you mean '{suggestion}'?";
        return $"{settingName}: unknown optimizer '{name}'.{hint} Registered optimizers: {string.Join(", ", registered.Order(StringComparer.Ordinal))}.";
    }
}
