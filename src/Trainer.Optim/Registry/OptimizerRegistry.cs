namespace Training.Optim;

/// <summary>Optimizers by name.</summary>
public interface IOptimizerRegistry
{
    /// <summary>Every registered optimizer, by name.</summary>
    IReadOnlyCollection<OptimizerDescriptor> Descriptors { get; }

    /// <summary>True when <paramref name="name"/> is registered.</summary>
    bool Contains(string name);

    /// <summary>The entry of <paramref name="name"/>; <see cref="UnknownOptimizerException"/> when absent.</summary>
    OptimizerDescriptor Get(string name);

    /// <summary>Builds the optimizer registered as <paramref name="name"/>.</summary>
    Optimizer Create(string name, OptimizerRequest request);
}

/// <summary>
/// The registry DI builds from every <see cref="OptimizerDescriptor"/> registered with
/// <c>services.AddOptimizer(...)</c>. Inert until asked: nothing is constructed before <see cref="Create"/>.
/// A later registration of the same name replaces an earlier one, so built-ins can be overridden.
/// </summary>
public sealed class OptimizerRegistry : IOptimizerRegistry
{
    private readonly Dictionary<string, OptimizerDescriptor> byName = new(StringComparer.Ordinal);
    private readonly IServiceProvider services;

    /// <summary>Creates the registry from the registered descriptors.</summary>
    public OptimizerRegistry(IEnumerable<OptimizerDescriptor> descriptors, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        this.services = services;
        foreach (var d in descriptors) byName[d.Name] = d;
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<OptimizerDescriptor> Descriptors => byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    /// <inheritdoc/>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <inheritdoc/>
    public OptimizerDescriptor Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return byName.TryGetValue(name, out var d) ? d : throw new UnknownOptimizerException(name, byName.Keys);
    }

    /// <inheritdoc/>
    public Optimizer Create(string name, OptimizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Get(name).Factory(request, services);
    }
}
