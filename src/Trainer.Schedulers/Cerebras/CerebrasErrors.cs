namespace Training.Schedulers;

/// <summary>
/// Errors of Cerebras scheduler specs and configurations. Every error names where it happened (the configuration
/// path and the class) once: an error that already carries a location is passed through unchanged by the outer levels.
/// </summary>
internal static class CerebrasErrors
{
    private const string LocatedKey = "Training.Schedulers.Cerebras.Located";

    /// <summary>A located <see cref="ArgumentException"/>.</summary>
    public static ArgumentException Argument(string label, string? paramName, string message) =>
        Mark(new ArgumentException($"{label}: {message}", paramName));

    /// <summary>A located <see cref="FormatException"/> for a value of the wrong type.</summary>
    public static FormatException Format(string label, string key, object? value, string expected) =>
        Mark(new FormatException($"{label}: '{key}' = {CerebrasConfigTree.Show(value)} is not {expected}"));

    /// <summary>
    /// Runs <paramref name="action"/>, prefixing the location to argument and format errors that do not have one yet
    /// (those thrown by the schedules' own validation), keeping their type; the parameter name becomes its
    /// configuration path under <paramref name="path"/>.
    /// </summary>
    public static T Locate<T>(string label, string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentOutOfRangeException e) when (!IsLocated(e))
        {
            throw Mark(new ArgumentOutOfRangeException(PathOf(path, e.ParamName), e.ActualValue, $"{label}: {MessageOf(e)}"));
        }
        catch (ArgumentException e) when (!IsLocated(e))
        {
            throw Mark(new ArgumentException($"{label}: {MessageOf(e)}", PathOf(path, e.ParamName), e));
        }
        catch (FormatException e) when (!IsLocated(e))
        {
            throw Mark(new FormatException($"{label}: {e.Message}", e));
        }
    }

    private static string? PathOf(string path, string? paramName) => (path.Length, paramName) switch
    {
        (0, _) => paramName,
        (_, null) => path,
        _ => $"{path}.{paramName}",
    };

    /// <summary>The message without the " (Parameter 'x')" and "Actual value was" lines the framework appends.</summary>
    private static string MessageOf(ArgumentException e)
    {
        var message = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            var suffix = $"{Environment.NewLine}Actual value was {actual}.";
            if (message.EndsWith(suffix, StringComparison.Ordinal)) message = message[..^suffix.Length];
        }

        var parameter = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && message.EndsWith(parameter, StringComparison.Ordinal) ? message[..^parameter.Length] : message;
    }

    private static bool IsLocated(Exception e) => e.Data.Contains(LocatedKey);

    /// <summary>Marks <paramref name="e"/> as carrying its location, so outer levels pass it through unchanged.</summary>
    public static TException Mark<TException>(TException e) where TException : Exception
    {
        e.Data[LocatedKey] = true;
        return e;
    }
}
