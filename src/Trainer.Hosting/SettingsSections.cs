using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Training.Optim;

namespace Training.Hosting;

/// <summary>A configuration section a program reads, and the options type it binds to.</summary>
/// <param name="Name">The section name (<c>Training</c>, <c>Model</c>).</param>
/// <param name="OptionsType">The type its keys bind to.</param>
internal sealed record SettingsSection(string Name, Type OptionsType);

/// <summary>
/// Strict sections: <see cref="AddSettingsSection{T}"/> binds options from a section after checking every key and
/// value against the options type (every key a public settable property, every value convertible to its type), so a
/// misspelt key or a value of the wrong type stops the program at start-up with a message naming it. Top-level
/// sections that no registered section names (<c>Trainin</c>) are errors too.
/// </summary>
public static class SettingsSections
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from <paramref name="name"/>, checked strictly and validated at start-up
    /// (<c>ValidateOnStart</c>); add rules with the returned builder.
    /// </summary>
    public static OptionsBuilder<T> AddSettingsSection<T>(this IServiceCollection services, IConfiguration configuration, string name)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddSingleton(new SettingsSection(name, typeof(T)));
        var section = configuration.GetSection(name);
        // Runs before Bind (options configure in registration order), so the binder never sees a value it would
        // reject with an exception or silently drop.
        return services.AddOptions<T>()
            .Configure(_ =>
            {
                var problems = SettingsSchema.Problems(section, typeof(T));
                if (problems.Count > 0) throw new OptionsValidationException(name, typeof(T), problems);
            })
            .Bind(section)
            .ValidateOnStart();
    }

    /// <summary>
    /// Top-level sections of the settings file, the command line and in-memory sources that are not in
    /// <paramref name="known"/>. Environment variables are not checked: the environment holds many unrelated names.
    /// </summary>
    internal static IReadOnlyList<string> UnknownSections(IConfiguration configuration, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(known);
        if (configuration is not IConfigurationRoot root) return [];
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in root.Providers.Where(p => p is not EnvironmentVariablesConfigurationProvider))
        {
            foreach (var key in provider.GetChildKeys([], null))
            {
                if (known.Contains(key, StringComparer.OrdinalIgnoreCase) || !seen.Add(key)) continue;
                var closest = ClosestName.Find(key, known);
                problems.Add(closest is null
                    ? $"{key} is not a configuration section of this program (it reads: {string.Join(", ", known)})"
                    : $"{key} is not a configuration section of this program. Did you mean '{closest}'? (it reads: {string.Join(", ", known)})");
            }
        }

        return problems;
    }
}
