namespace Training.Optim;

/// <summary>
/// The declared arguments of one optimizer, scheduler or integration: binding raw values, the defaults and the
/// validation of parameter groups all derive from this one list. It is immutable and can be shared.
/// </summary>
public sealed class ArgumentSchema
{
    private readonly Dictionary<string, ArgumentSpec> byKey;

    /// <summary>Declares <paramref name="specs"/> for <paramref name="owner"/> (the name in messages, e.g. <c>apollo_adamw</c>).</summary>
    public ArgumentSchema(string owner, IEnumerable<ArgumentSpec> specs, UnknownArgumentPolicy unknownKeys = UnknownArgumentPolicy.Reject)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(specs);
        Owner = owner;
        Specs = specs.ToList();
        UnknownKeys = unknownKeys;
        byKey = new Dictionary<string, ArgumentSpec>(StringComparer.Ordinal);
        foreach (var spec in Specs)
            if (!byKey.TryAdd(spec.Key, spec)) throw new ArgumentException($"{owner} declares '{spec.Key}' twice", nameof(specs));
    }

    /// <summary>A schema taking no arguments.</summary>
    public static ArgumentSchema None(string owner, UnknownArgumentPolicy unknownKeys = UnknownArgumentPolicy.Reject) => new(owner, [], unknownKeys);

    /// <summary>Whose arguments these are.</summary>
    public string Owner { get; }

    /// <summary>Every declared parameter, in upstream order.</summary>
    public IReadOnlyList<ArgumentSpec> Specs { get; }

    /// <summary>What binding does with an undeclared key.</summary>
    public UnknownArgumentPolicy UnknownKeys { get; }

    /// <summary>The keys users may give.</summary>
    public IReadOnlyList<string> UserKeys => Specs.Where(s => s.Role == ArgumentRole.User).Select(s => s.Key).ToList();

    /// <summary>The declared parameter of <paramref name="key"/>, or null.</summary>
    public ArgumentSpec? Find(string key) => byKey.GetValueOrDefault(key);

    /// <summary>The same schema for another owner name (an entry that shares a class's arguments).</summary>
    public ArgumentSchema WithOwner(string owner) => new(owner, Specs, UnknownKeys);

    /// <summary>
    /// The parameters named in <paramref name="keys"/> only, in this schema's order: the part of an options record an
    /// entry exposes through <c>OptimArgs</c> (Transformers' handlers forward a few keys and set the rest themselves).
    /// </summary>
    public ArgumentSchema Only(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
            if (Find(key) is null) throw new ArgumentException($"{Owner} declares no '{key}' (declared: {string.Join(", ", Specs.Select(s => s.Key))})", nameof(keys));
        return new(Owner, Specs.Where(s => keys.Contains(s.Key, StringComparer.Ordinal)), UnknownKeys);
    }

    /// <summary>The same parameters with another unknown-key policy.</summary>
    public ArgumentSchema WithPolicy(UnknownArgumentPolicy unknownKeys) => new(Owner, Specs, unknownKeys);

    /// <summary>This schema with more parameters (a family that adds arguments to a base).</summary>
    public ArgumentSchema Extend(IEnumerable<ArgumentSpec> more) => new(Owner, Specs.Concat(more), UnknownKeys);

    /// <summary>The defaults under the upstream keys, in order (internal bookkeeping included).</summary>
    public IReadOnlyDictionary<string, object?> Defaults() =>
        new OrderedDictionary<string, object?>(Specs.Select(s => KeyValuePair.Create(s.Key, s.Default)), StringComparer.Ordinal);

    /// <summary>Binds <c>OptimArgs</c> (their text values go through the same conversion table).</summary>
    public BoundArguments Bind(OptimArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Bind(args.Values.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal), OptimArgs.SettingName);
    }

    /// <summary>
    /// Converts every given value to its declared kind and checks its rule; unknown keys follow
    /// <see cref="UnknownKeys"/>; required keys must be present. Every problem is collected and thrown together as
    /// one <see cref="ArgumentBindingException"/> for <paramref name="path"/>.
    /// </summary>
    public BoundArguments Bind(IReadOnlyDictionary<string, object?>? raw, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        raw ??= new Dictionary<string, object?>();
        var problems = new List<ArgumentProblem>();
        var values = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var spec in Specs) values[spec.Key] = spec.Default;
        var given = new HashSet<string>(StringComparer.Ordinal);
        var ignored = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in raw)
        {
            var spec = Find(key);
            if (spec is null || spec.Role == ArgumentRole.Internal)
            {
                if (UnknownKeys == UnknownArgumentPolicy.Ignore && spec is null) ignored[key] = value;
                else problems.Add(NotAnArgument(key));
                continue;
            }

            if (!ArgumentCoercion.TryCoerce(spec, value, out var typed, out var expected))
            {
                problems.Add(new ArgumentProblem(key, $"'{key}' = '{Show(value)}' is not {expected}"));
                continue;
            }

            if (typed is not null && spec.Rule?.Check(key, typed) is { } broken)
            {
                problems.Add(new ArgumentProblem(key, broken));
                continue;
            }

            values[key] = typed;
            given.Add(key);
        }

        foreach (var spec in Specs.Where(s => s.Required && !given.Contains(s.Key) && problems.All(p => p.Key != s.Key)))
            problems.Add(ArgumentProblem.Missing(Owner, spec.Key));
        if (problems.Count > 0) throw new ArgumentBindingException(path, Owner, problems);
        return new BoundArguments(Owner, path, values, given, ignored);
    }

    /// <summary>
    /// Checks a parameter group's merged values against every rule (a key the group lacks is skipped; a null value is
    /// valid only for a nullable parameter). Throws <see cref="ArgumentOutOfRangeException"/> naming the key.
    /// </summary>
    public void Validate(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        foreach (var spec in Specs)
        {
            if (spec.Rule is null || !group.ContainsKey(spec.Key)) continue;
            var value = group.GetValue(spec.Key);
            if (value is null)
            {
                if (spec.Nullable || spec.Role == ArgumentRole.Internal) continue;
                throw new ArgumentOutOfRangeException(spec.Key, null, $"Invalid {spec.Key}: None (it is not optional)");
            }

            if (spec.Rule.Check(spec.Key, value) is { } broken) throw new ArgumentOutOfRangeException(spec.Key, value, broken);
        }
    }

    /// <summary>The problem for a key this schema does not take: one wording everywhere, with the closest key and all of them.</summary>
    public ArgumentProblem NotAnArgument(string key)
    {
        var keys = UserKeys;
        var closest = ClosestName.Find(key, keys);
        var hint = closest is null ? "" : $"; did you mean '{closest}'?";
        var takes = keys.Count == 0 ? "it takes no arguments" : $"it takes: {string.Join(", ", keys)}";
        return new ArgumentProblem(key, $"'{key}' is not an argument of {Owner}{hint} ({takes})", closest);
    }

    private static string Show(object? value) => value switch
    {
        null => "None",
        string s => s,
        System.Collections.IEnumerable e => $"[{string.Join(", ", e.Cast<object?>().Select(Show))}]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
