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

    /// <summary>Builds the optimizer registered as <paramref name="name"/> (binding <c>OptimArgs</c> first, see <see cref="Bind"/>).</summary>
    Optimizer Create(string name, OptimizerRequest request);

    /// <summary>
    /// Binds <paramref name="args"/> against the declared arguments of <paramref name="name"/>: typed values, or one
    /// <see cref="ArgumentBindingException"/> naming every bad key with the closest valid one; null when the entry
    /// declares none. The Trainer calls it at start-up, before any model or data is built.
    /// </summary>
    BoundArguments? Bind(string name, OptimArgs args);
}

/// <summary>
/// The registry DI builds from every <see cref="OptimizerDescriptor"/> registered with <c>services.AddOptimizer(...)</c>.
/// Inert until asked: nothing is constructed before <see cref="Create"/>.
/// </summary>
public sealed class OptimizerRegistry(IEnumerable<OptimizerDescriptor> descriptors, IServiceProvider services)
    : NamedRegistry<OptimizerDescriptor>(descriptors, d => d.Name), IOptimizerRegistry
{
    /// <inheritdoc/>
    public Optimizer Create(string name, OptimizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var descriptor = Get(name);
        return descriptor.Factory(request with { Arguments = descriptor.Arguments?.Bind(request.OptimArgs) }, services);
    }

    /// <inheritdoc/>
    public BoundArguments? Bind(string name, OptimArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Get(name).Arguments?.Bind(args);
    }

    /// <inheritdoc/>
    protected override UnknownNameException Unknown(string name, IReadOnlyCollection<string> registered) =>
        new UnknownOptimizerException(name, registered);
}
