using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Training.Core;
using Training.Hosting;

namespace Training.Recipes;

/// <summary>
/// The start-up a training program shares (the example programs, <c>trainer train</c>): configuration from a settings
/// file (<c>appsettings.json</c> next to the program unless one is given), environment variables and
/// <c>--Training:Key=value</c> arguments; services with <c>AddTrainer</c> and <c>AddTrainerLogging</c>, and the
/// program's own sections (<c>configure</c>, see <see cref="ValidatedSections"/>); validation before anything runs.
/// A bad value ends the program with one line naming the key (<see cref="ExitCodes.ConfigurationError"/>), a checkpoint
/// that cannot be resumed from with one naming the file and entry (<see cref="ExitCodes.CheckpointError"/>), never a
/// stack dump; the lines go to <see cref="Errors"/>, the log to the Trainer's logging.
/// SIGTERM or SIGINT (Ctrl+C) asks training to stop (<see cref="StopRequested"/>, passed to <c>Trainer.Train</c>): the
/// update in progress is finished, a checkpoint written, its folder printed, and the program ends with
/// <see cref="ExitCodes.Stopped"/>. A second signal ends it at once with 128 + the signal's number (130, 143), as the
/// signal itself would; checkpoints are written atomically, so the last complete one stands.
/// </summary>
public sealed class TrainingProgram
{
    private CancellationTokenSource stop = new();
    private int signalsReceived;

    /// <summary>A program writing its error lines to <paramref name="errors"/> and reading <paramref name="settingsFile"/>.</summary>
    /// <param name="errors">Where the error and stop lines go (a program passes <c>Console.Error</c>: the library never
    /// picks a console itself). Written from the signal handler's thread too, so it is used through
    /// <see cref="TextWriter.Synchronized"/>.</param>
    /// <param name="settingsFile">The settings file (it must exist); null: <c>appsettings.json</c> next to the program, if there is one.</param>
    public TrainingProgram(TextWriter errors, string? settingsFile = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = TextWriter.Synchronized(errors);
        SettingsFile = settingsFile is null ? null : Path.GetFullPath(settingsFile);
    }

    /// <summary>Where the program's error lines go.</summary>
    public TextWriter Errors { get; }

    /// <summary>The settings file read (a full path), or null for <c>appsettings.json</c> next to the program.</summary>
    public string? SettingsFile { get; }

    /// <summary>Cancelled by the first SIGTERM/SIGINT during <see cref="Run"/>: the token to pass to <c>Trainer.Train</c>.</summary>
    public CancellationToken StopRequested => stop.Token;

    /// <summary>
    /// Builds and validates the configuration and services, then runs <paramref name="body"/> with them, turning the
    /// errors a user can fix into one line on <see cref="Errors"/> and an exit code (<see cref="ExitCodes"/>).
    /// </summary>
    /// <param name="commandLine">Overrides in the <c>--Section:Key=value</c> form.</param>
    /// <param name="configure">Registers the program's own sections and services.</param>
    /// <param name="body">The program: gets the validated services, the configuration and the training arguments,
    /// returns its exit code.</param>
    /// <returns>The body's exit code, or the one of the error that ended it.</returns>
    public int Run(string[] commandLine, Action<IServiceCollection, IConfiguration>? configure,
        Func<IServiceProvider, IConfiguration, TrainingArguments, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        // A fresh stop request per run, so a program object can run more than once.
        stop = new CancellationTokenSource();
        signalsReceived = 0;
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);
        try
        {
            var configuration = BuildConfiguration(commandLine);
            var services = new ServiceCollection().AddTrainer(configuration).AddTrainerLogging(configuration);
            configure?.Invoke(services, configuration);
            using var provider = services.BuildServiceProvider();
            var args = TrainerConfiguration.Validate(provider);
            return body(provider, configuration, args);
        }
        catch (Exception e) when (e is TrainerConfigurationException or TrainingArgumentsException or ArgumentException or FormatException)
        {
            Errors.WriteLine($"Configuration error: {e.Message}");
            return ExitCodes.ConfigurationError;
        }
        catch (TrainingStoppedException e)
        {
            Errors.WriteLine(e.Checkpoint is null
                ? $"Stopped at step {e.GlobalStep}; no checkpoint was written for it (Training:EnableJitCheckpoint=false)"
                : $"Stopped at step {e.GlobalStep}; resume with --Training:ResumeFromCheckpoint={e.Checkpoint}");
            return ExitCodes.Stopped;
        }
        catch (CheckpointException e)
        {
            // A file problem, not a settings problem: its own exit code so scripts can tell them apart.
            Errors.WriteLine($"Checkpoint error: {e.Message}");
            return ExitCodes.CheckpointError;
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or InvalidDataException or NonFiniteLossException
                                       or TrainingOutOfMemoryException or MissingMetricException or NonFiniteParametersException
                                       or InvalidLearningRateException)
        {
            // Problems with the user's files, data or numbers: one line, no stack dump.
            Errors.WriteLine($"Error: {e.Message}");
            return ExitCodes.DataError;
        }
    }

    private IConfigurationRoot BuildConfiguration(string[] commandLine)
    {
        if (SettingsFile is null) return TrainerConfiguration.Build(commandLine);
        if (!File.Exists(SettingsFile) && !Directory.Exists(SettingsFile))
            throw new TrainerConfigurationException($"{SettingsFile}: the settings file does not exist");
        return TrainerConfiguration.Build(commandLine, Path.GetDirectoryName(SettingsFile), Path.GetFileName(SettingsFile));
    }

    // Runs on a thread-pool thread (not in the signal handler), so it may write and exit. The first signal is
    // cancelled (the runtime would end the process) and turned into a stop request the loop sees between updates.
    private void OnStopSignal(PosixSignalContext context)
    {
        var name = context.Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";
        if (Interlocked.Increment(ref signalsReceived) == 1)
        {
            context.Cancel = true;
            Errors.WriteLine($"{name}: stopping after the current update and writing a checkpoint (send it again to stop at once)");
            stop.Cancel();
            return;
        }

        Errors.WriteLine($"{name} again: stopping at once; the newest complete checkpoint is the one to resume from");
        Errors.Flush();
        // _exit, not Environment.Exit: the latter runs libtorch's static destructors while the training thread is
        // still inside libtorch, which crashes (SIGSEGV, exit code 139). Files written so far are the kernel's already;
        // a checkpoint being written stays a temporary folder that the next save removes.
        ImmediateExit(context.Signal == PosixSignal.SIGINT ? ExitCodes.SecondSigint : ExitCodes.SecondSigterm);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ImmediateExit(int status);
}
