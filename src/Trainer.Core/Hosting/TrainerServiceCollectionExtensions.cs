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
    /// Binds <see cref="TrainingArguments"/> from the <c>Training</c> section (validated at start-up with messages naming
    /// the key), registers the optimizer and scheduler registries with every built-in, and logging through Serilog to
    /// the console and <c>OutputDir/train.log</c>. Add your own optimizers and schedulers with
    /// <c>services.AddOptimizer(...)</c> / <c>services.AddScheduler(...)</c>.
    /// </summary>
    public static IServiceCollection AddTrainer(this IServiceCollection services, IConfiguration configuration, bool logToFile = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(TrainingArguments.SectionName);
        services.AddOptions<TrainingArguments>()
            .Bind(section)
            .PostConfigure(args =>
            {
                // A single string binds as one pattern (Transformers' str case); an array as a list.
                var raw = section.GetSection(nameof(TrainingArguments.OptimTargetModules)).Value;
                if (raw is null) return;
                args.OptimTargetModules = [raw];
                args.OptimTargetModulesIsPattern = true;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrainingArguments>>(provider =>
            new TrainingArgumentsValidator(provider.GetService<Training.Optim.IOptimizerRegistry>(), provider.GetService<Training.Schedulers.ISchedulerRegistry>()));
        services.AddBuiltInOptimizers();
        services.AddIntegrationOptimizers();
        services.AddBuiltInSchedulers();

        var outputDir = section[nameof(TrainingArguments.OutputDir)] ?? new TrainingArguments().OutputDir;
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: Serilog.Events.LogEventLevel.Error);
        if (logToFile) logger = logger.WriteTo.File(Path.Combine(outputDir, "train.log"), shared: true);
        services.AddLogging(builder => builder.ClearProviders().AddSerilog(logger.CreateLogger(), dispose: true));
        return services;
    }
}
