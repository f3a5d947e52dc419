using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Training.Hosting;

namespace Training.Examples;

/// <summary>An example's own configuration section, bound and checked at start-up like the <c>Training</c> section.</summary>
internal static class ExampleSettings
{
    /// <summary>
    /// Binds <paramref name="sectionName"/> to <typeparamref name="T"/> (unknown keys rejected with the closest name)
    /// and validates it at start-up with <paramref name="problems"/>: each problem is one line naming its key.
    /// </summary>
    public static void Add<T>(IServiceCollection services, IConfiguration configuration, string sectionName, Func<T, IEnumerable<string>> problems)
        where T : class
    {
        services.AddSettingsSection<T>(configuration, sectionName);
        services.AddSingleton<IValidateOptions<T>>(new ProblemsValidator<T>(problems));
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
