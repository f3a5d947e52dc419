namespace Training.Optim;

/// <summary>Builds an optimizer from a request; registered under a name.</summary>
public delegate Optimizer OptimizerFactory(OptimizerRequest request, IServiceProvider services);

/// <summary>Builds an optimizer from a request and its <c>OptimArgs</c> bound against the entry's declared arguments.</summary>
public delegate Optimizer BoundOptimizerFactory(OptimizerRequest request, BoundArguments arguments, IServiceProvider services);

/// <summary>
/// A registry entry: the name (Transformers' <c>optim</c> value or a Cerebras optimizer name), a one-line
/// description, the optimizer state per parameter (for the <c>list</c> view and memory planning), the factory and
/// the arguments the entry takes through <c>OptimArgs</c>.
/// </summary>
/// <param name="Name">The name used in configuration (<c>"Optim": "adamw_torch"</c>).</param>
/// <param name="Description">One line saying what it builds.</param>
/// <param name="StateBytesPerParameter">
/// Optimizer state bytes per float32 parameter (e.g. 8 for AdamW's two moments). Where the state's size depends on the
/// parameter's shape (factored second moments, low-rank projections), the figure per element of a 1024×1024 weight at
/// the entry's default arguments: factored state (a row and a column, 4(m+n) bytes for m×n) is 8/1024 bytes.
/// </param>
/// <param name="Factory">Builds the optimizer.</param>
public sealed record OptimizerDescriptor(string Name, string Description, double StateBytesPerParameter, OptimizerFactory Factory)
{
    /// <summary>
    /// An entry that declares its arguments: the factory always receives them bound (by the registry, or here when a
    /// caller invokes <see cref="Factory"/> directly), so it never parses <c>OptimArgs</c> text itself.
    /// </summary>
    /// <param name="name">The name used in configuration.</param>
    /// <param name="description">One line saying what it builds.</param>
    /// <param name="stateBytesPerParameter">Optimizer state bytes per float32 parameter.</param>
    /// <param name="arguments">The <c>OptimArgs</c> it takes (named <paramref name="name"/> in messages).</param>
    /// <param name="factory">Builds the optimizer from the request and the bound arguments.</param>
    public OptimizerDescriptor(string name, string description, double stateBytesPerParameter, ArgumentSchema arguments, BoundOptimizerFactory factory)
        : this(name, description, stateBytesPerParameter, Bound(name, arguments, factory))
    {
        Arguments = arguments.WithOwner(name);
        Origin = factory.Method.Module.Assembly;
    }

    /// <summary>
    /// The assembly the factory's code comes from (the caller's, when a registration helper wraps it), so the start-up
    /// dry run can tell this library's entries from a program's own, which may need the real model.
    /// </summary>
    public System.Reflection.Assembly Origin { get; init; } = Factory.Method.Module.Assembly;

    /// <summary>
    /// The <c>OptimArgs</c> keys this entry takes, with their kinds, defaults and rules, and what it does with other
    /// keys (reject, or ignore where upstream ignores them). The registry binds <c>OptimArgs</c> against it before the
    /// factory runs and at start-up; null means undeclared: the factory gets the raw <see cref="OptimizerRequest.OptimArgs"/>.
    /// </summary>
    public ArgumentSchema? Arguments { get; init; }

    private static OptimizerFactory Bound(string name, ArgumentSchema arguments, BoundOptimizerFactory factory)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(factory);
        var named = arguments.WithOwner(name);
        return (request, services) => factory(request, request.Arguments ?? named.Bind(request.OptimArgs), services);
    }
}
