using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Training.Hosting;

namespace Training.Recipes;

/// <summary>A program's own configuration section (<c>Model</c>, <c>Data</c>), bound and checked at start-up like the <c>Training</c> section.</summary>
public static class ValidatedSections
{
    /// <summary>
    /// Binds <paramref name="sectionName"/> to <typeparamref name="T"/> (unknown keys rejected with the closest name,
    /// see <see cref="SettingsSections.AddSettingsSection{T}"/>) and validates it at start-up with
    /// <paramref name="problems"/>: each problem is one line naming its key, and any problem stops the program before
    /// anything loads (<see cref="TrainingProgram"/> reports them with exit code 2).
    /// </summary>
    public static IServiceCollection AddValidatedSection<T>(this IServiceCollection services, IConfiguration configuration, string sectionName,
        Func<T, IEnumerable<string>> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(problems);
        services.AddSettingsSection<T>(configuration, sectionName);
        services.AddSingleton<IValidateOptions<T>>(new ProblemsValidator<T>(problems));
        return services;
    }

    private sealed class ProblemsValidator<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
