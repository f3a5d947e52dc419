namespace Training.Optim;

/// <summary>Writes bound arguments into an options record, keeping its type.</summary>
public static class OptimizerOptionsExtensions
{
    /// <summary>A copy of <paramref name="options"/> with every given argument of <paramref name="arguments"/> written in.</summary>
    public static T With<T>(this T options, BoundArguments? arguments) where T : OptimizerOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        return arguments is null ? options : (T)options.Schema().Apply(options, arguments);
    }
}
