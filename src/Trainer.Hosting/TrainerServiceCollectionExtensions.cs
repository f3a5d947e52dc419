using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Reflection;
using Serilog;
using Serilog.Events;
using Training.Core;
using Training.Hosting;
using Training.Integrations;
using Training.Optim;
using Training.Schedulers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what a Trainer needs (the framework's own DI namespace).</summary>
public static class TrainerServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TrainingArguments"/> from the <c>Training</c> section — checked strictly (unknown keys,
    /// values of the wrong type, unknown top-level sections) and validated at start-up with messages naming the
    /// key —, registers the optimizer registry with every built-in and integration optimizer, the scheduler registry
    /// with every built-in, and the progress bar (<see cref="ProgressBarCallback"/>). It leaves logging to the host:
    /// add <see cref="AddTrainerLogging"/> for Serilog on the console and in <c>OutputDir/train.log</c>, or configure
    /// your own. Add optimizers and schedulers with <c>services.AddOptimizer(...)</c> /
    /// <c>services.AddScheduler(...)</c>, and your own sections with <c>services.AddSettingsSection&lt;T&gt;(...)</c>.
    /// </summary>
    public static IServiceCollection AddTrainer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(TrainingArguments.SectionName);
        services.AddSettingsSection<TrainingArguments>(configuration, TrainingArguments.SectionName)
            .Configure<IEnumerable<SettingsSection>>((_, sections) =>
            {
                var problems = SettingsSections.UnknownSections(configuration, sections.Select(s => s.Name).ToList());
                if (problems.Count > 0) throw new OptionsValidationException(TrainingArguments.SectionName, typeof(TrainingArguments), problems);
            })
            .PostConfigure(args => TrainingArgumentsShapes.Apply(section, args));
        IReadOnlyCollection<Assembly> dryRun = [.. StartupDryRun.LibraryAssemblies, typeof(IntegrationOptimizers).Assembly];
        services.AddSingleton<IValidateOptions<TrainingArguments>>(provider =>
            new TrainingArgumentsValidator(provider.GetService<IOptimizerRegistry>(), provider.GetService<ISchedulerRegistry>(), startup: true, dryRun));
        services.AddBuiltInOptimizers();
        services.AddIntegrationOptimizers();
        services.AddBuiltInSchedulers();
        services.AddSingleton<TrainerCallback, ProgressBarCallback>();
        return services;
    }

    /// <summary>
    /// Logging through Serilog to the console (errors on standard error) and to <c>OutputDir/train.log</c> (opened
    /// at the first log event, so a rejected configuration writes nothing; <paramref name="logToFile"/> false: the
    /// console only). Added beside the host's own providers, never instead of them; the minimum level is the
    /// <c>Logging:LogLevel:Default</c> setting when the configuration has one, else Information.
    /// </summary>
    public static IServiceCollection AddTrainerLogging(this IServiceCollection services, IConfiguration configuration, bool logToFile = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var outputDir = configuration.GetSection(TrainingArguments.SectionName)[nameof(TrainingArguments.OutputDir)] ?? new TrainingArguments().OutputDir;
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(MinimumLevel(configuration))
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Error);
        if (logToFile) logger = logger.WriteTo.Sink(new DeferredFileSink(Path.Combine(outputDir, "train.log")));
        services.AddLogging(builder => builder.AddSerilog(logger.CreateLogger(), dispose: true));
        return services;
    }

    // Microsoft's level names (Trace ... Critical, None) onto Serilog's; unknown text is a configuration error.
    private static LogEventLevel MinimumLevel(IConfiguration configuration)
    {
        var key = "Logging:LogLevel:Default";
        return configuration[key] switch
        {
            null => LogEventLevel.Information,
            var text when Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level) => level switch
            {
                LogLevel.Trace => LogEventLevel.Verbose,
                LogLevel.Debug => LogEventLevel.Debug,
                LogLevel.Information => LogEventLevel.Information,
                LogLevel.Warning => LogEventLevel.Warning,
                LogLevel.Error => LogEventLevel.Error,
                _ => LogEventLevel.Fatal,
            },
            var text => throw new TrainerConfigurationException(
                $"{key} = '{text}' is not one of: {string.Join(", ", Enum.GetNames<LogLevel>())}"),
        };
    }
}
