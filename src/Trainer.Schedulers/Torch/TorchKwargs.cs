using System.Collections;
using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Reads the PyTorch-specific argument kinds of <see cref="TorchSchedulerCatalog"/> from bound arguments: lr
/// lambdas (declared <see cref="ArgumentKind.Any"/>), PyTorch's string options, and child scheduler specs
/// (<c>{"LinearLR": {...}}</c>), each child bound against its own entry under a path naming where it sits.
/// </summary>
internal static class TorchKwargs
{
    private static readonly ArgumentSpec ConstantLambda = new("lr_lambda", ArgumentKind.Number);

    /// <summary>
    /// <c>lr_lambda</c>: a <see cref="Func{T, TResult}"/> of the step, an <see cref="ISchedule"/>, or a number
    /// (a constant); a list of those means one per group.
    /// </summary>
    public static (Func<long, double>? One, IReadOnlyList<Func<long, double>>? PerGroup) Lambdas(BoundArguments a)
    {
        var raw = a.Value("lr_lambda") ?? throw a.Missing("lr_lambda");
        return raw is IEnumerable list and not string
            ? (null, list.Cast<object?>().Select(v => Lambda(a, v)).ToList())
            : (Lambda(a, raw), null);
    }

    private static Func<long, double> Lambda(BoundArguments a, object? value) => value switch
    {
        Func<long, double> f => f,
        ISchedule s => s.ValueAt,
        // A number (or its text) is a constant multiplier, converted by the one conversion table.
        _ when ArgumentCoercion.TryCoerce(ConstantLambda, value, out var constant, out _) && constant is double d => _ => d,
        _ => throw new ArgumentBindingException(a.Path, a.Owner, [new ArgumentProblem("lr_lambda",
            $"'lr_lambda' = '{value}' is not a function of the step (Func<long, double>), an ISchedule or a number")]),
    };

    /// <summary>
    /// One of PyTorch's string options (declared as nullable text), mapped to its enum value; <paramref name="error"/>
    /// words the failure as PyTorch does.
    /// </summary>
    public static T Choice<T>(BoundArguments a, string key, T fallback, IReadOnlyDictionary<string, T> choices, Func<string, string> error)
    {
        var given = a.OptionalText(key);
        if (given is null) return fallback;
        return choices.TryGetValue(given, out var value) ? value : throw new ArgumentException(error(given), key);
    }

    /// <summary>
    /// The <c>schedulers</c> of SequentialLR/ChainedScheduler: each a single-entry map from a catalogue name to
    /// its arguments (<c>{"LinearLR": {"start_factor": 0.1}}</c>), built on the request's optimizer with its
    /// arguments bound under <c>{path}:schedulers:{i}:{name}</c>.
    /// </summary>
    public static IReadOnlyList<ScheduledValue> Children(SchedulerRequest request, BoundArguments a, IServiceProvider services,
        Func<string, SchedulerDescriptor> lookup)
    {
        if (a.Value("schedulers") is not IEnumerable specs || specs is string)
            throw new ArgumentException($"{a.Path}: {a.Owner} requires 'schedulers', a list of {{\"SchedulerName\": {{arguments}}}} entries", a.Path);
        var children = new List<ScheduledValue>();
        var index = 0;
        foreach (var spec in specs)
        {
            var (name, arguments) = SingleEntry(spec, a);
            var child = request with { Kwargs = arguments, Arguments = null };
            var built = lookup(name).Create(child, services, $"{a.Path}:schedulers:{index++}:{name}");
            children.Add(built as ScheduledValue
                ?? throw new ArgumentException($"{a.Path}: {a.Owner} cannot contain {name}, which is not a closed-form learning-rate scheduler", a.Path));
        }

        return children;
    }

    private static (string Name, IReadOnlyDictionary<string, object?> Arguments) SingleEntry(object? spec, BoundArguments a)
    {
        var entries = Entries(spec);
        if (entries is not { Count: 1 })
            throw new ArgumentException($"{a.Path}: each of {a.Owner}'s 'schedulers' must be a single-entry map {{\"SchedulerName\": {{arguments}}}}, got '{spec}'", a.Path);
        var (name, arguments) = entries[0];
        return (name, arguments is null ? new Dictionary<string, object?>() : Entries(arguments)?.ToDictionary(e => e.Key, e => e.Value)
            ?? throw new ArgumentException($"{a.Path}: the arguments of {name} in {a.Owner} must be a map, got '{arguments}'", a.Path));
    }

    private static List<KeyValuePair<string, object?>>? Entries(object? value) => value switch
    {
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.ToList(),
        IDictionary dictionary => dictionary.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, object?>(e.Key.ToString()!, e.Value)).ToList(),
        _ => null,
    };
}
