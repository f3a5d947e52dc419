using System.Collections;
using System.Globalization;
using Training.Optim;

namespace Training.Cli;

/// <summary>How arguments and their defaults are shown: PyTorch's keys and Python's spelling of values.</summary>
internal static class ArgumentText
{
    /// <summary>"key=default, ..." for the user arguments of <paramref name="schema"/>, or what the entry accepts without one.</summary>
    public static string Describe(ArgumentSchema? schema)
    {
        if (schema is null) return "(takes the raw arguments)";
        var user = schema.Specs.Where(s => s.Role == ArgumentRole.User).ToList();
        var listed = user.Count == 0 ? "(none)" : string.Join(", ", user.Select(Describe));
        return schema.UnknownKeys == UnknownArgumentPolicy.Ignore ? listed + "; other keys are ignored" : listed;
    }

    private static string Describe(ArgumentSpec spec) => spec.Required ? $"{spec.Key} (required)" : $"{spec.Key}={Value(spec.Default)}";

    /// <summary>A value as Python writes it (None, True, 0.001, (0.9, 0.999)).</summary>
    public static string Value(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        // Python's repr: 5e-05, not .NET's 5E-05.
        double d => d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal),
        float f => f.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal),
        string s => $"'{s}'",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => "(" + string.Join(", ", items.Cast<object?>().Select(Value)) + ")",
        _ => value.ToString() ?? "",
    };
}
