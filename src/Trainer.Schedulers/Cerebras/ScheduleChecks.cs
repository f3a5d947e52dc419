namespace Training.Schedulers;

/// <summary>Argument checks of the Cerebras schedules, naming the argument by its Cerebras name.</summary>
internal static class ScheduleChecks
{
    /// <summary>The value, when positive.</summary>
    public static long Positive(long value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, name);
        return value;
    }

    /// <summary>The value, when positive.</summary>
    public static double Positive(double value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value, name);
        return value;
    }

    /// <summary>The value, when not null.</summary>
    public static T NotNull<T>(T? value, string name) where T : class => value ?? throw new ArgumentNullException(name);
}
