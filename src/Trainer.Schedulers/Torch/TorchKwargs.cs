using System.Collections;
using System.Globalization;

namespace Training.Schedulers;

/// <summary>
/// Reads the PyTorch-specific argument kinds of <see cref="TorchSchedulerCatalog"/> from
/// <see cref="SchedulerKwargs"/>: required values, "float or list" values, integer lists, lr lambdas, PyTorch's
/// string options, and child scheduler specs (<c>{"LinearLR": {...}}</c>).
/// </summary>
internal static class TorchKwargs
{
    private const string Setting = SchedulerKwargs.SettingName;

    public static long RequireLong(SchedulerRequest request, string scheduler, string key) =>
        request.Kwargs.GetNullableLong(key) ?? throw Missing(scheduler, key);

    public static double RequireDouble(SchedulerRequest request, string scheduler, string key) =>
        request.Kwargs.GetNullableDouble(key) ?? throw Missing(scheduler, key);

    public static ArgumentException Missing(string scheduler, string key) =>
        new($"{Setting}: {scheduler} requires '{key}'", Setting);

    /// <summary>A required "float or list" argument (<see cref="SchedulerKwargs.GetNullablePerGroup"/>).</summary>
    public static GroupValues RequireGroups(SchedulerRequest request, string scheduler, string key) =>
        request.Kwargs.GetNullablePerGroup(key) ?? throw Missing(scheduler, key);

    /// <summary>A list of integers (milestones).</summary>
    public static IReadOnlyList<long> Longs(SchedulerRequest request, string scheduler, string key)
    {
        var values = request.Kwargs.GetDoubles(key) ?? throw Missing(scheduler, key);
        return values.Select(v => v == Math.Floor(v) ? (long)v : throw new ArgumentException($"{Setting}: '{key}' must hold integers, got {v}", Setting)).ToList();
    }

    /// <summary>
    /// <c>lr_lambda</c>: a <see cref="Func{T, TResult}"/> of the step, an <see cref="ISchedule"/>, or a number
    /// (a constant); a list of those means one per group.
    /// </summary>
    public static (Func<long, double>? One, IReadOnlyList<Func<long, double>>? PerGroup) Lambdas(SchedulerRequest request, string scheduler)
    {
        if (!request.Kwargs.Values.TryGetValue("lr_lambda", out var raw) || raw is null) throw Missing(scheduler, "lr_lambda");
        return raw is IEnumerable list and not string
            ? (null, list.Cast<object?>().Select(Lambda).ToList())
            : (Lambda(raw), null);
    }

    private static Func<long, double> Lambda(object? value) => value switch
    {
        Func<long, double> f => f,
        ISchedule s => s.ValueAt,
        double or float or long or int or decimal => Constant(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => Constant(d),
        _ => throw new ArgumentException(
            $"{Setting}: 'lr_lambda' = '{value}' is not a function of the step (Func<long, double>), an ISchedule or a number", Setting),
    };

    private static Func<long, double> Constant(double value) => _ => value;

    /// <summary>One of PyTorch's string options, mapped to its enum value; <paramref name="error"/> words the failure.</summary>
    public static T Choice<T>(SchedulerRequest request, string key, T fallback, IReadOnlyDictionary<string, T> choices, Func<string, string> error)
    {
        var given = request.Kwargs.GetNullableString(key);
        if (given is null) return fallback;
        return choices.TryGetValue(given, out var value) ? value : throw new ArgumentException(error(given), key);
    }

    /// <summary>
    /// The <c>schedulers</c> of SequentialLR/ChainedScheduler: each a single-entry map from a catalogue name to
    /// its arguments (<c>{"LinearLR": {"start_factor": 0.1}}</c>), built on the request's optimizer.
    /// </summary>
    public static IReadOnlyList<ScheduledValue> Children(SchedulerRequest request, IServiceProvider services, string scheduler,
        Func<string, SchedulerDescriptor> lookup)
    {
        if (!request.Kwargs.Values.TryGetValue("schedulers", out var raw) || raw is not IEnumerable specs || raw is string)
            throw new ArgumentException($"{Setting}: {scheduler} requires 'schedulers', a list of {{\"SchedulerName\": {{arguments}}}} entries", Setting);
        var children = new List<ScheduledValue>();
        foreach (var spec in specs)
        {
            var (name, arguments) = SingleEntry(spec, scheduler);
            var built = lookup(name).Factory(request with { Kwargs = new SchedulerKwargs(arguments) }, services);
            children.Add(built as ScheduledValue
                ?? throw new ArgumentException($"{Setting}: {scheduler} cannot contain {name}, which is not a closed-form learning-rate scheduler", Setting));
        }

        return children;
    }

    private static (string Name, IReadOnlyDictionary<string, object?> Arguments) SingleEntry(object? spec, string scheduler)
    {
        var entries = Entries(spec);
        if (entries is not { Count: 1 })
            throw new ArgumentException($"{Setting}: each of {scheduler}'s 'schedulers' must be a single-entry map {{\"SchedulerName\": {{arguments}}}}, got '{spec}'", Setting);
        var (name, arguments) = entries[0];
        return (name, arguments is null ? new Dictionary<string, object?>() : Entries(arguments)?.ToDictionary(e => e.Key, e => e.Value)
            ?? throw new ArgumentException($"{Setting}: the arguments of {name} in {scheduler} must be a map, got '{arguments}'", Setting));
    }

    private static List<KeyValuePair<string, object?>>? Entries(object? value) => value switch
    {
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.ToList(),
        IDictionary dictionary => dictionary.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, object?>(e.Key.ToString()!, e.Value)).ToList(),
        _ => null,
    };
}
