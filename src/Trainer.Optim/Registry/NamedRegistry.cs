namespace Training.Optim;

/// <summary>
/// Entries by name for a DI registry (optimizers, schedulers): a later registration of a name replaces an earlier
/// one, so built-ins can be overridden; an unknown name fails with the registered names and the closest one.
/// </summary>
public abstract class NamedRegistry<TDescriptor> where TDescriptor : class
{
    private readonly Dictionary<string, TDescriptor> byName = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="descriptors"/> by <paramref name="nameOf"/>.</summary>
    protected NamedRegistry(IEnumerable<TDescriptor> descriptors, Func<TDescriptor, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        ArgumentNullException.ThrowIfNull(nameOf);
        foreach (var d in descriptors) byName[nameOf(d)] = d;
    }

    /// <summary>Every entry, ordered by name.</summary>
    public IReadOnlyCollection<TDescriptor> Descriptors => byName.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();

    /// <summary>True when <paramref name="name"/> is registered.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>The entry of <paramref name="name"/>; the exception of <see cref="Unknown"/> when absent.</summary>
    public TDescriptor Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return byName.TryGetValue(name, out var d) ? d : throw Unknown(name, byName.Keys);
    }

    /// <summary>The error for an unregistered name.</summary>
    protected abstract UnknownNameException Unknown(string name, IReadOnlyCollection<string> registered);
}

/// <summary>An unregistered name; the message names the setting, lists the registered names and suggests the closest.</summary>
public abstract class UnknownNameException : ArgumentException
{
    /// <summary>Creates the exception; <paramref name="kind"/> is "optimizer", "scheduler", ...</summary>
    protected UnknownNameException(string kind, string name, IReadOnlyCollection<string> registered, string settingName)
        : base(Describe(kind, name, registered, settingName), settingName)
    {
        description = Describe(kind, name, registered, settingName);
        RequestedName = name;
        Suggestion = ClosestName.Find(name, registered);
        Registered = registered;
    }

    private readonly string description;

    /// <summary>The message without ArgumentException's "(Parameter ...)" suffix: the setting is already named first.</summary>
    public override string Message => description;

    /// <summary>The name that was asked for.</summary>
    public string RequestedName { get; }

    /// <summary>The closest registered name, if any is close.</summary>
    public string? Suggestion { get; }

    /// <summary>Every registered name.</summary>
    public IReadOnlyCollection<string> Registered { get; }

    private static string Describe(string kind, string name, IReadOnlyCollection<string> registered, string settingName)
    {
        var suggestion = ClosestName.Find(name, registered);
        var hint = suggestion is null ? "" : $" Did you mean '{suggestion}'?";
        return $"{settingName}: unknown {kind} '{name}'.{hint} Registered {kind}s: {string.Join(", ", registered.Order(StringComparer.Ordinal))}.";
    }
}
