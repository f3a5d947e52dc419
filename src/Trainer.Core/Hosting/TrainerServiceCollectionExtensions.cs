using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;
using Training.Core;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what a Trainer needs (the framework's own DI namespace).</summary>
public static class TrainerServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TrainingArguments"/> from the <c>Training</c> section — checked strictly (unknown keys,
    /// values of the wrong type, unknown top-level sections) and validated at start-up with messages naming the
    /// key —, registers the optimizer and scheduler registries with every built-in, and logging through Serilog to
    /// the console and <c>OutputDir/train.log</c> (opened at the first log event, so a rejected configuration
    /// writes nothing). Add your own optimizers and schedulers with <c>services.AddOptimizer(...)</c> /
    /// <c>services.AddScheduler(...)</c>, and your own sections with <c>services.AddSettingsSection&lt;T&gt;(...)</c>.
    /// </summary>
    public static IServiceCollection AddTrainer(this IServiceCollection services, IConfiguration configuration, bool logToFile = true)
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
        services.AddSingleton<IValidateOptions<TrainingArguments>>(provider =>
            new TrainingArgumentsValidator(provider.GetService<Training.Optim.IOptimizerRegistry>(), provider.GetService<Training.Schedulers.ISchedulerRegistry>(), startup: true));
        services.AddBuiltInOptimizers();
        services.AddIntegrationOptimizers();
        services.AddBuiltInSchedulers();

        var outputDir = section[nameof(TrainingArguments.OutputDir)] ?? new TrainingArguments().OutputDir;
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: Serilog.Events.LogEventLevel.Error);
        if (logToFile) logger = logger.WriteTo.Sink(new DeferredFileSink(Path.Combine(outputDir, "train.log")));
        services.AddLogging(builder => builder.ClearProviders().AddSerilog(logger.CreateLogger(), dispose: true));
        return services;
    }
}
