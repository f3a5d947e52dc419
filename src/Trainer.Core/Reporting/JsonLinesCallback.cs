using System.Text;
using System.Text.Json;

namespace Training.Core;

/// <summary>
/// The <c>jsonl</c> reporter: every log entry (Transformers' entry, with <c>epoch</c>, then <c>step</c>) as one JSON
/// object on its own line of <c>OutputDir/log_history.jsonl</c>, written and flushed when it is logged, so a script
/// can follow a running job. Non-finite numbers are written as Python's <c>json</c> writes them (<c>NaN</c>,
/// <c>Infinity</c>, <c>-Infinity</c>), as in <c>trainer_state.json</c>. A fresh run starts the file anew; a resumed
/// run appends to it, after dropping the lines of steps past its checkpoint (logged before an interruption, and
/// about to be logged again).
/// </summary>
public sealed class JsonLinesCallback : TrainerCallback
{
    /// <summary>The file's name inside <see cref="TrainingArguments.OutputDir"/>.</summary>
    public const string FileName = "log_history.jsonl";

    /// <summary>The file of a run writing to <paramref name="outputDir"/>.</summary>
    public static string PathIn(string outputDir) => Path.Combine(outputDir, FileName);

    /// <inheritdoc/>
    public override void OnTrainBegin(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(state);
        var path = PathIn(args.OutputDir);
        Directory.CreateDirectory(args.OutputDir);
        if (state.GlobalStep == 0)
        {
            File.WriteAllText(path, "");
            return;
        }

        if (!File.Exists(path)) return;
        var lines = File.ReadAllLines(path);
        var kept = lines.Where(line => StepOf(line) is not long step || step <= state.GlobalStep).ToArray();
        if (kept.Length == lines.Length) return;
        var temporary = path + ".tmp";
        File.WriteAllLines(temporary, kept);
        File.Move(temporary, path, overwrite: true);
    }

    /// <inheritdoc/>
    public override void OnLog(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Values is null) return;
        var line = Line(context.Values, state.GlobalStep);
        using var stream = new FileStream(PathIn(args.OutputDir), FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: false);
    }

    /// <summary>One entry as a line: its keys in logged order, then <c>step</c>.</summary>
    internal static string Line(IReadOnlyDictionary<string, double> values, long step)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in values)
            {
                if (key == "step") continue;
                writer.WritePropertyName(key);
                if (double.IsFinite(value)) writer.WriteNumberValue(value);
                else writer.WriteRawValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity", skipInputValidation: true);
            }

            writer.WriteNumber("step", step);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    // The step of a line this callback wrote (null for anything else, which is kept).
    private static long? StepOf(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(PythonJson.MarkNonFinite(line));
            return document.RootElement.TryGetProperty("step", out var step) && step.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
