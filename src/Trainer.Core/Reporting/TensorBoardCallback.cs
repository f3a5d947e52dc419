using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;

namespace Training.Core;

/// <summary>
/// The <c>tensorboard</c> reporter (Transformers' <c>TensorBoardCallback</c>), through TorchSharp's
/// <c>torch.utils.tensorboard.SummaryWriter</c>: event files under <see cref="TrainingArguments.LoggingDir"/>
/// (default <c>OutputDir/runs/&lt;timestamp&gt;_&lt;hostname&gt;</c>); the arguments as JSON text (tag <c>args</c>) when
/// training begins; every logged number as a scalar at the global step, named as Transformers' <c>rewrite_logs</c>
/// names them (<c>eval_loss</c> → <c>eval/loss</c>, <c>test_x</c> → <c>test/x</c>, anything else
/// <c>train/...</c>); and, every <see cref="TrainingArguments.TensorBoardHistogramSteps"/> steps, histograms of the
/// trainable parameters and their gradients (before the optimizer step). Each event is written to the file as it is
/// added, so TensorBoard follows a running job.
/// </summary>
public sealed class TensorBoardCallback : TrainerCallback
{
    private static readonly JsonSerializerOptions ArgsJson = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private TorchSharp.Modules.SummaryWriter? writer;

    /// <summary>The folder the event files go to (null before training begins).</summary>
    public string? LogDir => writer?.LogDir;

    /// <summary>Transformers' default logging folder: <c>OutputDir/runs/&lt;%b%d_%H-%M-%S&gt;_&lt;hostname&gt;</c>.</summary>
    public static string DefaultLoggingDir(string outputDir) => Path.Combine(outputDir, "runs",
        DateTime.Now.ToString("MMMdd_HH-mm-ss", CultureInfo.InvariantCulture) + "_" + System.Net.Dns.GetHostName());

    /// <summary>Transformers' <c>rewrite_logs</c>: the scalar tag of a logged key.</summary>
    public static string Tag(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var prefix in new[] { "eval_", "test_" })
            if (key.StartsWith(prefix, StringComparison.Ordinal)) return prefix[..^1] + "/" + key[prefix.Length..];
        return "train/" + key;
    }

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(state);
        writer ??= torch.utils.tensorboard.SummaryWriter(args.LoggingDir ?? DefaultLoggingDir(args.OutputDir));
        writer.add_text("args", JsonSerializer.Serialize(args, ArgsJson), Step(state));
    }

    /// <inheritdoc/>
    public override void OnLog(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        if (writer is null || context.Values is null) return;
        foreach (var (key, value) in context.Values) writer.add_scalar(Tag(key), (float)value, Step(state));
    }

    /// <inheritdoc/>
    public override void OnPreOptimizerStep(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        // The update about to be applied is step GlobalStep + 1; its gradients exist only now.
        if (writer is null || args.TensorBoardHistogramSteps is not int every || (state.GlobalStep + 1) % every != 0) return;
        var step = (int)Math.Min(state.GlobalStep + 1, int.MaxValue);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in context.Model.named_parameters())
        {
            if (!parameter.requires_grad) continue;
            writer.add_histogram("parameters/" + name, parameter.detach().cpu().to(torch.float64), step);
            if (parameter.grad is { } gradient) writer.add_histogram("gradients/" + name, gradient.detach().cpu().to(torch.float64), step);
        }
    }

    // The SummaryWriter takes an int step.
    private static int Step(TrainerState state) => (int)Math.Min(state.GlobalStep, int.MaxValue);
}
