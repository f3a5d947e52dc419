using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Training.Optim;

namespace Training.Hosting;

/// <summary>
/// Checks a configuration section against the options type it binds to, before the binder runs: every key must be
/// a public settable property of the type (a misspelt key is an error with the closest name, where the binder
/// would silently ignore it), and every value must convert to the property's type — integers, finite numbers,
/// <c>true</c>/<c>false</c>, enum names only (not numbers), lists where a list is expected. Messages name the key
/// as written (<c>Training:LearningRat</c>) and the value.
/// </summary>
internal static class SettingsSchema
{
    /// <summary>Every problem of <paramref name="section"/> as settings of <paramref name="optionsType"/>.</summary>
    public static IReadOnlyList<string> Problems(IConfigurationSection section, Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(optionsType);
        var problems = new List<string>();
        var children = section.GetChildren().ToList();
        // A value here is reported even when other sources add keys below it (a file's "Training": "fast" with
        // --Training:MaxSteps=5 on the command line): the file's value is otherwise dropped without a word.
        if (!string.IsNullOrEmpty(section.Value))
            problems.Add($"{section.Path} = '{section.Value}' is a value; it must be a section of settings ({{ \"Key\": value, ... }})");
        if (children.Count == 0) return problems;

        if (IsList(children))
        {
            problems.Add($"{section.Path} is a list; it must be a section of settings ({{ \"Key\": value, ... }})");
            return problems;
        }

        // A list in the file merged with keys from the command line: report the list, not each item as a key.
        var items = children.Where(c => IsList([c])).ToList();
        if (items.Count > 0)
            problems.Add($"{section.Path} holds list items ({string.Join(", ", items.Select(c => c.Key))}); it must be a section of settings ({{ \"Key\": value, ... }})");

        var properties = Settable(optionsType);
        foreach (var child in children.Except(items))
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var closest = ClosestName.Find(child.Key, properties.Select(p => p.Name));
                problems.Add(closest is null
                    ? $"{child.Path} is not a setting of {section.Path} (its settings: {string.Join(", ", properties.Select(p => p.Name))})"
                    : $"{child.Path} is not a setting of {section.Path}. Did you mean '{section.Path}:{closest}'?");
                continue;
            }

            var problem = ValueProblem(child, property.PropertyType);
            if (problem is not null) problems.Add(problem);
        }

        return problems;
    }

    /// <summary>The public instance properties with a public setter: the keys the binder binds.</summary>
    public static IReadOnlyList<PropertyInfo> Settable(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        return optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .ToList();
    }

    private static string? ValueProblem(IConfigurationSection key, Type type)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        var target = nullable ?? type;
        var children = key.GetChildren().ToList();
        var value = key.Value;
        if (IsStringList(target)) return ListProblem(key, children);
        if (IsStringDictionary(target)) return DictionaryProblem(key, children);
        if (children.Count > 0)
            return $"{key.Path} is a {(IsList(children) ? "list" : "section")}; it must be a single value ({Expected(target)})";
        if (value is null || (value.Length == 0 && target != typeof(string)))
            return nullable is not null || !target.IsValueType ? null : $"{key.Path} has no value: it must be {Expected(target)}";
        return Converts(value, target) ? null : $"{key.Path} = '{value}' is not {Expected(target)}";
    }

    private static bool Converts(string value, Type target)
    {
        var v = value.Trim();
        if (target == typeof(string)) return true;
        if (target == typeof(bool)) return bool.TryParse(v, out _);
        if (target == typeof(int)) return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        if (target == typeof(long)) return long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        if (target == typeof(double))
            return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d);
        if (target.IsEnum) return EnumName(target, v) is not null;
        // Any other type: the binder decides; its failure is reported by TrainerConfiguration.Validate.
        return true;
    }

    /// <summary>The enum member named <paramref name="value"/> (any case); numbers are not names.</summary>
    public static string? EnumName(Type enumType, string value)
    {
        ArgumentNullException.ThrowIfNull(enumType);
        return Enum.GetNames(enumType).FirstOrDefault(n => string.Equals(n, value?.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static string Expected(Type target)
    {
        if (target == typeof(bool)) return "true or false";
        if (target == typeof(int) || target == typeof(long)) return "an integer";
        if (target == typeof(double)) return "a finite number";
        if (target.IsEnum) return "one of: " + string.Join(", ", Enum.GetNames(target).Select(n => n.ToLowerInvariant()));
        return "a " + target.Name;
    }

    // A list setting takes a JSON array of values, or one value (a list of one; OptimTargetModules reads it as a pattern).
    private static string? ListProblem(IConfigurationSection key, List<IConfigurationSection> children)
    {
        // A single string replaces a list from another source (a command-line pattern over the file's list).
        if (children.Count == 0 || !string.IsNullOrEmpty(key.Value)) return null;
        if (!IsList(children))
            return $"{key.Path} is a section ({string.Join(", ", children.Select(c => c.Key))}); it must be a list [\"...\", ...] or a single string";
        var nested = children.FirstOrDefault(c => c.GetChildren().Any());
        return nested is null ? null : $"{nested.Path} is not a string: {key.Path} must be a list of strings";
    }

    // A dictionary setting (LrSchedulerKwargs) takes a section of values or lists of values, or one string holding a JSON object.
    private static string? DictionaryProblem(IConfigurationSection key, List<IConfigurationSection> children)
    {
        if (children.Count == 0) return null;
        if (IsList(children)) return $"{key.Path} is a list; it must be a section {{ \"name\": value, ... }} or a JSON object string";
        foreach (var child in children)
        {
            var items = child.GetChildren().ToList();
            if (items.Count == 0) continue;
            if (!IsList(items) || items.Any(i => i.GetChildren().Any()))
                return $"{child.Path} is a section; each argument must be a value or a list of values";
        }

        return null;
    }

    private static bool IsList(List<IConfigurationSection> children) =>
        children.Count > 0 && children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _));

    private static bool IsStringList(Type t) => t == typeof(List<string>) || t == typeof(IReadOnlyList<string>) || t == typeof(string[]);

    private static bool IsStringDictionary(Type t) => t == typeof(Dictionary<string, string>);
}
