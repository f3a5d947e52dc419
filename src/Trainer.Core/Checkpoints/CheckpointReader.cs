using System.Collections;
using System.Text;
using Microsoft.Extensions.Logging;
using TorchSharp;
using Training.Optim;
using Training.Schedulers;
using Training.TorchExtensions;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// The first phase of resuming: reads every file of a checkpoint completely into memory and validates it against the
/// live model, optimizer, scheduler and training plan — formats (safetensors header and sizes, zip CRC-32 of every
/// entry, the restricted pickle), names, dtypes, shapes, finite values, ranges — without changing any of them or the
/// folder. Only a <see cref="LoadedCheckpoint"/> that passed everything is applied. Every problem is a
/// <see cref="CheckpointException"/> naming the file and the entry.
/// </summary>
internal static class CheckpointReader
{
    /// <summary>Reads and validates <paramref name="folder"/>; tensors are created in the caller's dispose scope.</summary>
    /// <param name="folder">The checkpoint folder.</param>
    /// <param name="model">The model the weights must fit.</param>
    /// <param name="optimizer">The optimizer the state must fit (null: optimizer.pt is not read).</param>
    /// <param name="scheduler">The scheduler the state must fit (null: scheduler.pt is not read).</param>
    /// <param name="maxSteps">The run's planned number of updates; a saved step beyond it is refused.</param>
    /// <param name="logger">Receives a warning for every optional file that is absent.</param>
    public static LoadedCheckpoint Read(string folder, nn.Module model, Training.Optim.Optimizer? optimizer, Scheduler? scheduler, long maxSteps, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(logger);
        if (!Directory.Exists(folder)) throw new CheckpointException(folder, "the checkpoint folder does not exist");
        var weights = Guarded(folder, CheckpointFiles.Model, required: true, logger, (path, name) => ReadWeights(path, name, model))!;
        var optimizerState = optimizer is null ? null : Guarded(folder, CheckpointFiles.Optimizer, required: false, logger, (path, name) =>
        {
            var dict = ReadTorchDictionary(path, name);
            optimizer.ValidateStateDict(dict);
            return dict;
        });
        var state = Guarded(folder, CheckpointFiles.TrainerState, required: true, logger, (path, name) =>
        {
            var loaded = TrainerState.FromJson(File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true)), name);
            TrainerStateChecks.Check(loaded, maxSteps, name);
            return loaded;
        })!;
        var schedulerState = scheduler is null ? null : Guarded(folder, CheckpointFiles.Scheduler, required: false, logger, (path, name) =>
        {
            var dict = ReadTorchDictionary(path, name);
            scheduler.ValidateStateDict(dict);
            if (dict["last_epoch"] is long epoch && epoch > maxSteps && !scheduler.IsMetricDriven)
                throw new InvalidDataException($"'last_epoch' is {epoch}, beyond this run's plan of {maxSteps} steps (MaxSteps)");
            return dict;
        });
        var rng = Guarded(folder, CheckpointFiles.RngState, required: false, logger, ReadRngState);
        return new LoadedCheckpoint(weights, optimizerState, schedulerState, state, rng);
    }

    /// <summary>
    /// Reads and validates only <c>model.safetensors</c> of <paramref name="folder"/> against <paramref name="model"/>
    /// (the best model loaded at the end of training): the same checks as a resume, nothing applied.
    /// </summary>
    public static Dictionary<string, Tensor> ReadModelWeights(string folder, nn.Module model, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(model);
        if (!Directory.Exists(folder)) throw new CheckpointException(folder, "the checkpoint folder does not exist");
        return Guarded(folder, CheckpointFiles.Model, required: true, logger, (path, name) => ReadWeights(path, name, model))!;
    }

    /// <summary>
    /// Runs one file's reader: an absent required file, a folder in its place or any reader error becomes a
    /// <see cref="CheckpointException"/> naming the file; an absent optional file is a warning and null.
    /// </summary>
    private static T? Guarded<T>(string folder, string file, bool required, ILogger logger, Func<string, string, T> read) where T : class
    {
        var path = Path.Combine(folder, file);
        var name = Path.Combine(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))), file);
        if (Directory.Exists(path)) throw new CheckpointException(name, "is a directory, not a file");
        if (!File.Exists(path))
        {
            if (required) throw new CheckpointException(name, "is missing; the checkpoint is incomplete");
            logger.LogWarning("{File} is missing from the checkpoint; that part of the run starts fresh", name);
            return null;
        }

        try
        {
            return read(path, name);
        }
        catch (CheckpointException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any failure of a reader means the file is unusable; nothing has been applied yet.
            throw CheckpointException.From(name, e);
        }
    }

    private static Dictionary<string, Tensor> ReadWeights(string path, string name, nn.Module model)
    {
        using var stream = SeekableStream(path);
        var weights = SafeTensors.Load(stream, name);
        ModelWeightsChecks.Check(weights, model.state_dict(), name);
        return weights;
    }

    private static IDictionary ReadTorchDictionary(string path, string name)
    {
        using var stream = SeekableStream(path);
        return TorchFile.Load(stream, name) as IDictionary ?? throw new InvalidDataException("does not hold a dictionary");
    }

    /// <summary>
    /// <c>{"cpu": ByteTensor}</c> with exactly the size of this build's CPU generator state and a valid mt19937 engine in
    /// it. libtorch checks the engine too, but its error escapes TorchSharp as a C++ exception that aborts the process,
    /// so the same checks run here first.
    /// </summary>
    private static Tensor ReadRngState(string path, string name)
    {
        var saved = ReadTorchDictionary(path, name);
        if (!saved.Contains("cpu") || saved["cpu"] is not Tensor cpu) throw new InvalidDataException("has no 'cpu' generator state tensor");
        using var current = torch.get_rng_state();
        if (cpu.dtype != ScalarType.Byte || cpu.dim() != 1 || cpu.numel() != current.numel())
            throw new InvalidDataException($"entry 'cpu' is a {cpu.dtype} tensor of shape [{string.Join(", ", cpu.shape)}], a CPU generator state is a Byte tensor of shape [{current.numel()}]");
        if (MersenneTwisterState.Problem(cpu.bytes) is string problem) throw new InvalidDataException($"entry 'cpu' is not a valid mt19937 state: {problem}");
        return cpu;
    }

    private static FileStream SeekableStream(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
}
