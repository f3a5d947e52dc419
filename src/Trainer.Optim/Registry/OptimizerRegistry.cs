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
        return Get(name).Factory(request, services);
    }

    /// <inheritdoc/>
    protected override UnknownNameException Unknown(string name, IReadOnlyCollection<string> registered) =>
        new UnknownOptimizerException(name, registered);
}
