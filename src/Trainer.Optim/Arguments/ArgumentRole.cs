namespace Training.Optim;

/// <summary>Whether a declared parameter is an argument users may set, or bookkeeping the upstream class keeps in its defaults.</summary>
public enum ArgumentRole
{
    /// <summary>A user argument: accepted from <c>OptimArgs</c>, <c>LrSchedulerKwargs</c> and configuration.</summary>
    User,

    /// <summary>
    /// Internal bookkeeping written to <c>defaults</c>/<c>param_groups</c> to match PyTorch's layout (<c>foreach</c>,
    /// <c>capturable</c>, <c>differentiable</c>, <c>fused</c>); refused as an argument.
    /// </summary>
    Internal,
}
