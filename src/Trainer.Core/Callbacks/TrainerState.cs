using System.Text.Json;
using System.Text.Json.Serialization;

namespace Training.Core;

/// <summary>
/// The Trainer's progress, saved as <c>trainer_state.json</c> in every checkpoint (Transformers' field names,
/// sorted keys, indent 2), so a run resumes from where it stopped and its log history survives.
/// </summary>
public sealed class TrainerState
{
    /// <summary>Fractional epoch (epoch + step / steps per epoch).</summary>
    [JsonPropertyName("epoch")] public double Epoch { get; set; }

    /// <summary>Optimizer updates done.</summary>
    [JsonPropertyName("global_step")] public long GlobalStep { get; set; }

    /// <summary>Total updates of the run.</summary>
    [JsonPropertyName("max_steps")] public long MaxSteps { get; set; }

    /// <summary>Resolved logging interval.</summary>
    [JsonPropertyName("logging_steps")] public long LoggingSteps { get; set; }

    /// <summary>Resolved evaluation interval.</summary>
    [JsonPropertyName("eval_steps")] public long EvalSteps { get; set; }

    /// <summary>Resolved save interval.</summary>
    [JsonPropertyName("save_steps")] public long SaveSteps { get; set; }

    /// <summary>Micro-batch size.</summary>
    [JsonPropertyName("train_batch_size")] public long TrainBatchSize { get; set; }

    /// <summary>Planned epochs.</summary>
    [JsonPropertyName("num_train_epochs")] public long NumTrainEpochs { get; set; }

    /// <summary>Tokens seen (when the batches carry <c>input_ids</c>).</summary>
    [JsonPropertyName("num_input_tokens_seen")] public long NumInputTokensSeen { get; set; }

    /// <summary>Floating-point operations (not tracked; 0).</summary>
    [JsonPropertyName("total_flos")] public double TotalFlos { get; set; }

    /// <summary>Every log entry: training logs (loss, grad_norm, learning_rate, epoch, step) and evaluations.</summary>
    [JsonPropertyName("log_history")] public List<Dictionary<string, double>> LogHistory { get; set; } = [];

    /// <summary>The best value of the best-model metric so far.</summary>
    [JsonPropertyName("best_metric")] public double? BestMetric { get; set; }

    /// <summary>The step of the best metric.</summary>
    [JsonPropertyName("best_global_step")] public long? BestGlobalStep { get; set; }

    /// <summary>The checkpoint folder holding the best model.</summary>
    [JsonPropertyName("best_model_checkpoint")] public string? BestModelCheckpoint { get; set; }

    /// <summary>Always true on a single process.</summary>
    [JsonPropertyName("is_local_process_zero")] public bool IsLocalProcessZero { get; set; } = true;

    /// <summary>Always true on a single process.</summary>
    [JsonPropertyName("is_world_process_zero")] public bool IsWorldProcessZero { get; set; } = true;

    /// <summary>Not used (hyperparameter search).</summary>
    [JsonPropertyName("is_hyper_param_search")] public bool IsHyperParamSearch { get; set; }

    /// <summary>State of callbacks that save some (e.g. early stopping counters).</summary>
    [JsonPropertyName("stateful_callbacks")] public Dictionary<string, Dictionary<string, double>> StatefulCallbacks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The JSON of <c>trainer_state.json</c> as Transformers writes it (keys sorted at every level, indent 2); a NaN
    /// or infinite value (a loss, a gradient norm, the best metric) is written as Python's <c>NaN</c>/<c>Infinity</c>,
    /// so a save never fails on one and Python's <c>json.load</c> reads the file.
    /// </summary>
    public string ToJson() => PythonJson.Serialize(this);

    /// <summary>Reads <c>trainer_state.json</c> (Python's bare <c>NaN</c>/<c>Infinity</c> included); a malformed file is an error naming it.</summary>
    public static TrainerState FromJson(string json, string source)
    {
        try
        {
            return PythonJson.Deserialize<TrainerState>(json) ?? throw new InvalidDataException($"{source} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not a valid trainer_state.json: {e.Message}", e);
        }
    }
}
