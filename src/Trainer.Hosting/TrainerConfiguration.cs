using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Training.Hosting;

/// <summary>A configuration or argument error found at start-up; the message is meant for the user as is.</summary>
public sealed class TrainerConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Builds the configuration of a training program the standard .NET way: <c>appsettings.json</c>, then environment
/// variables, then command-line overrides in the <c>--Training:Key=value</c> form; and validates it at start-up,
/// turning every binding or validation failure into one <see cref="TrainerConfigurationException"/> whose message
/// names the key (and, for names, the closest valid one).
/// </summary>
public static class TrainerConfiguration
{
    /// <summary>The settings file read next to the program.</summary>
    public const string SettingsFileName = "appsettings.json";

    /// <summary>
    /// appsettings.json (optional) + environment + command line. A malformed settings file (reported with its path,
    /// line and reason) or a malformed command line (a stray argument, a key without a value) is a
    /// <see cref="TrainerConfigurationException"/>.
    /// </summary>
    /// <param name="commandLine">Overrides in the <c>--Section:Key=value</c> form.</param>
    /// <param name="basePath">The folder of the settings file (default: the program's folder).</param>
    /// <param name="settingsFileName">The settings file's name in that folder (default <c>appsettings.json</c>).</param>
    public static IConfigurationRoot Build(string[] commandLine, string? basePath = null, string settingsFileName = SettingsFileName)
    {
        commandLine ??= [];
        ArgumentException.ThrowIfNullOrWhiteSpace(settingsFileName);
        var folder = basePath ?? AppContext.BaseDirectory;
        var problems = new List<string>();
        if (SettingsFile.Problem(Path.Combine(folder, settingsFileName)) is string file) problems.Add(file);
        problems.AddRange(CommandLineSyntax.Problems(commandLine));
        if (problems.Count > 0) throw new TrainerConfigurationException(string.Join(Environment.NewLine, problems));
        return new ConfigurationBuilder()
            .SetBasePath(folder)
            .AddJsonFile(settingsFileName, optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(commandLine)
            .Build();
    }

    /// <summary>Runs start-up validation and returns the bound, valid arguments.</summary>
    public static TrainingArguments Validate(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return services.GetRequiredService<IOptions<TrainingArguments>>().Value;
        }
        catch (OptionsValidationException e)
        {
            throw new TrainerConfigurationException(string.Join(Environment.NewLine, e.Failures), e);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OptionsValidationException))
        {
            throw new TrainerConfigurationException(
                string.Join(Environment.NewLine, e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(x => x.Failures)), e);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The binder names the key and value: "Failed to convert configuration value 'abc' at 'Training:PerDeviceTrainBatchSize' to type 'System.Int32'."
            throw new TrainerConfigurationException(e.Message, e);
        }
    }
}
