using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;
using Training.Cli.Commands;
using Training.Hosting;
using Training.Optim;
using Training.Recipes;

namespace Training.Cli;

/// <summary>The <c>trainer</c> command line: its sub-commands and the services they read (every registry of <c>AddTrainer</c>).</summary>
public static class TrainerCommand
{
    /// <summary>Exit code of a bad name or argument (as the example programs' configuration errors).</summary>
    public const int UsageError = ExitCodes.ConfigurationError;

    private static readonly string[] Commands = ["optimizers", "schedulers", "inspect", "plot-run", "plot-schedule", "train"];

    // The commands that read a settings file and take --Section:Key=value overrides after "--".
    private static readonly string[] CommandsWithOverrides = [Commands[4], Commands[5]];

    /// <summary>
    /// Runs <paramref name="args"/>, writing to <paramref name="console"/>, and the error lines of <c>train</c> to
    /// <paramref name="errors"/> (the entry point passes the process's console and standard error); returns the exit code.
    /// </summary>
    public static int Run(string[] args, IAnsiConsole console, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(errors);
        var services = new ServiceCollection().AddTrainer(new ConfigurationBuilder().Build()).AddSingleton(console)
            .AddSingleton(new ErrorOutput(errors));
        var app = new CommandApp(new ServiceRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("trainer");
            config.Settings.Console = console;
            // An unknown option is an error, not silently dropped: configuration overrides go after "--".
            config.Settings.StrictParsing = true;
            config.Settings.ExceptionHandler = (e, _) =>
            {
                console.MarkupLineInterpolated($"[red]Error:[/] {Explain(e, args)}");
                return e is CommandAppException or ArgumentException ? UsageError : 1;
            };
            config.AddCommand<OptimizersCommand>(Commands[0]).WithDescription("Every registered optimizer: description, state bytes per parameter, arguments with defaults.");
            config.AddCommand<SchedulersCommand>(Commands[1]).WithDescription("Every registered scheduler: description and arguments with defaults.");
            config.AddCommand<PlotRunCommand>(Commands[3]).WithDescription("A picture (SVG, and PNG with rsvg-convert) of a run: training loss, evaluation metrics and learning rate against the step.");
            config.AddCommand<PlotScheduleCommand>(Commands[4]).WithDescription("A picture of the learning rate (and weight decay) per parameter group a configuration's scheduler gives, before training.");
            config.AddCommand<TrainCommand>(Commands[5]).WithDescription("Runs the GPT-2 fine-tuning job (examples/FineTuneGpt2) with a settings file; overrides after --. Exit codes: 0 done, 1 data or files, 2 configuration, 3 checkpoint, 75 stopped on SIGTERM/Ctrl+C with a checkpoint, 130/143 a second signal.");
            config.AddCommand<InspectCommand>(Commands[2]).WithDescription("What a checkpoint folder holds: step, epoch, metrics, optimizer and scheduler, files, whether it is complete.");
        });
        return app.Run(args);
    }

    // An unknown command gets the closest one, as unknown names get everywhere else; an unknown option is most often
    // a configuration override given before "--".
    private static string Explain(Exception e, string[] args)
    {
        if (e is CommandParseException && e.Message.StartsWith("Unknown option", StringComparison.Ordinal) && args.Length > 0 && CommandsWithOverrides.Contains(args[0]))
            return $"{e.Message} Configuration overrides go after --, e.g. trainer {args[0]} --config appsettings.json -- --Training:MaxSteps=10";
        if (e is not CommandParseException || args.Length == 0 || Commands.Contains(args[0])) return e.Message;
        var closest = ClosestName.Find(args[0], Commands);
        return closest is null ? e.Message : $"{e.Message} Did you mean '{closest}'?";
    }

    // Spectre's commands are built from the Trainer's own services (the registries, the console).
    private sealed class ServiceRegistrar(IServiceCollection services) : ITypeRegistrar
    {
        public ITypeResolver Build() => new ServiceResolver(services.BuildServiceProvider());

        public void Register(Type service, Type implementation) => services.AddSingleton(service, implementation);

        public void RegisterInstance(Type service, object implementation) => services.AddSingleton(service, implementation);

        public void RegisterLazy(Type service, Func<object> factory) => services.AddSingleton(service, _ => factory());
    }

    private sealed class ServiceResolver(ServiceProvider provider) : ITypeResolver, IDisposable
    {
        public object? Resolve(Type? type) => type is null ? null : provider.GetService(type) ?? ActivatorUtilities.CreateInstance(provider, type);

        public void Dispose() => provider.Dispose();
    }
}
