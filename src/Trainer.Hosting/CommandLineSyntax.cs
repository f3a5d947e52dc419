namespace Training.Hosting;

/// <summary>
/// Checks command-line overrides before .NET's command-line provider reads them. That provider silently drops a
/// stray positional argument and a trailing key without a value, and takes the next <c>--Key=value</c> as the value
/// of a key written without one; each of those is reported here instead, naming the argument.
/// </summary>
internal static class CommandLineSyntax
{
    /// <summary>Every problem of <paramref name="commandLine"/>, one message per argument; empty when it is well formed.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<string> commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var problems = new List<string>();
        for (var i = 0; i < commandLine.Count; i++)
        {
            var argument = commandLine[i];
            var key = KeyOf(argument);
            if (key is null)
            {
                problems.Add($"'{argument}' is not a setting: write --Section:Key=value (for example --Training:MaxSteps=100)");
                continue;
            }

            if (key.Length == 0 || key.StartsWith(':') || key.EndsWith(':'))
            {
                problems.Add($"'{argument}' names no setting: write --Section:Key=value");
                continue;
            }

            if (argument.Contains('=', StringComparison.Ordinal)) continue;
            // "--Key value": the value is the next argument, unless there is none or it is itself a key.
            if (i + 1 >= commandLine.Count || IsKeyed(commandLine[i + 1]))
                problems.Add($"{key} has no value: write --{key}=value");
            else
                i++;
        }

        return problems;
    }

    /// <summary>The key an argument sets, or null for an argument that is not a key (a stray positional).</summary>
    private static string? KeyOf(string argument)
    {
        var body = argument.StartsWith("--", StringComparison.Ordinal) ? argument[2..]
            : argument.StartsWith('/') ? argument[1..]
            : argument.Contains('=', StringComparison.Ordinal) && !argument.StartsWith('-') ? argument
            : null;
        if (body is null) return null;
        var equals = body.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? body : body[..equals];
    }

    private static bool IsKeyed(string argument) => argument.StartsWith("--", StringComparison.Ordinal) || argument.StartsWith('/');
}
