using System.Runtime.InteropServices;
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
/// SIGTERM or SIGINT (Ctrl+C) asks training to stop (<see cref="StopRequested"/>, passed to <c>Trainer.Train</c>): the
/// update in progress is finished, a checkpoint written, its folder printed, and the program ends with
/// <see cref="StoppedExitCode"/>. A second signal ends it at once with 128 + the signal's number (130, 143), as the
/// signal itself would; checkpoints are written atomically, so the last complete one stands.
/// </summary>
internal static class ExampleHost
{
    /// <summary>
    /// Exit code of a run stopped on request with its checkpoint written (sysexits' EX_TEMPFAIL, "try again later":
    /// resume it). Distinct from the killed-at-once codes 130/143, so a scheduler knows the run can be resumed.
    /// </summary>
    public const int StoppedExitCode = 75;

    private static readonly CancellationTokenSource Stop = new();
    private static int signalsReceived;

    /// <summary>Cancelled by the first SIGTERM/SIGINT: the token the examples pass to <c>Trainer.Train</c>.</summary>
    public static CancellationToken StopRequested => Stop.Token;

    public static int Run(string[] commandLine, Action<IServiceCollection, IConfiguration>? configure,
        Func<IServiceProvider, IConfiguration, TrainingArguments, int> body)
    {
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);
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
        catch (TrainingStoppedException e)
        {
            Console.Error.WriteLine(e.Checkpoint is null
                ? $"Stopped at step {e.GlobalStep}; no checkpoint was written for it (Training:EnableJitCheckpoint=false)"
                : $"Stopped at step {e.GlobalStep}; resume with --Training:ResumeFromCheckpoint={e.Checkpoint}");
            return StoppedExitCode;
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

    // Runs on a thread-pool thread (not in the signal handler), so it may write and exit. The first signal is
    // cancelled (the runtime would end the process) and turned into a stop request the loop sees between updates.
    private static void OnStopSignal(PosixSignalContext context)
    {
        var name = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        if (Interlocked.Increment(ref signalsReceived) == 1)
        {
            context.Cancel = true;
            Console.Error.WriteLine($"{name}: stopping after the current update and writing a checkpoint (send it again to stop at once)");
            Stop.Cancel();
            return;
        }

        Console.Error.WriteLine($"{name} again: stopping at once; the newest complete checkpoint is the one to resume from");
        // _exit, not Environment.Exit: the latter runs libtorch's static destructors while the training thread is
        // still inside libtorch, which crashes (SIGSEGV, exit code 139). Files written so far are the kernel's already;
        // a checkpoint being written stays a temporary folder that the next save removes.
        ImmediateExit(context.Signal == PosixSignal.SIGINT ? 130 : 143);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ImmediateExit(int status);
}
