using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Training.Core;
using Training.Hosting;

namespace Training.Examples;

/// <summary>
/// Start-up shared by the example programs: configuration from appsettings.json, environment variables and
/// <c>--Training:Key=value</c> arguments; services with <c>AddTrainer</c> and <c>AddTrainerLogging</c>, and the example's own sections (<paramref name="configure"/>, see <see cref="ExampleSettings"/>); validation before anything runs. A bad
/// value ends the program with one message naming the key (exit code 2), a checkpoint that cannot be resumed from
/// with one naming the file and entry (exit code 3), never a stack dump.
/// </summary>
internal static class ExampleHost
{
    public static int Run(string[] commandLine, Action<IServiceCollection, IConfiguration>? configure,
        Func<IServiceProvider, IConfiguration, TrainingArguments, int> body)
    {
        try
        {
            var configuration = TrainerConfiguration.Build(commandLine);
            var services = new ServiceCollection().AddTrainer(configuration).AddTrainerLogging(configuration);
            configure?.Invoke(services, configuration);
            using var provider = services.BuildServiceProvider();
            var args = TrainerConfiguration.Validate(provider);
            return body(provider, configuration, args);
        }
        catch (Exception e) when (e is TrainerConfigurationException or TrainingArgumentsException or ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"Configuration error: {e.Message}");
            return 2;
        }
        catch (CheckpointException e)
        {
            // A file problem, not a settings problem: its own exit code so scripts can tell them apart.
            Console.Error.WriteLine($"Checkpoint error: {e.Message}");
            return 3;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or InvalidDataException or NonFiniteLossException
                                       or TrainingOutOfMemoryException or MissingMetricException or NonFiniteParametersException
                                       or InvalidLearningRateException)
        {
            // Problems with the user's files, data or numbers: one line, no stack dump.
            Console.Error.WriteLine($"Error: {e.Message}");
            return 1;
        }
    }

    /// <summary>A file shipped next to the program (copied there by the project), e.g. the corpus.</summary>
    public static string Asset(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, relativePath);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{relativePath} was not copied next to the program", path);
    }
}
