namespace Training.Optim;

/// <summary>Builds an optimizer from a request; registered under a name.</summary>
public delegate Optimizer OptimizerFactory(OptimizerRequest request, IServiceProvider services);

/// <summary>
/// A registry entry: the name (Transformers' <c>optim</c> value or a Cerebras optimizer name), a one-line
/// description, the optimizer state per parameter (for the <c>list</c> view and memory planning) and the factory.
/// </summary>
/// <param name="Name">The name used in configuration (<c>"Optim": "adamw_torch"</c>).</param>
/// <param name="Description">One line saying what it builds.</param>
/// <param name="StateBytesPerParameter">Optimizer state bytes per float32 parameter (e.g. 8 for AdamW's two moments).</param>
/// <param name="Factory">Builds the optimizer.</param>
public sealed record OptimizerDescriptor(string Name, string Description, double StateBytesPerParameter, OptimizerFactory Factory);
