namespace Training.Core;

/// <summary>
/// Transformers' <c>TrainingArguments</c> with PascalCase names and Transformers' (v5) defaults. Bound from the
/// <c>Training</c> section of <c>appsettings.json</c>, environment variables (<c>Training__LearningRate</c>) and
/// command-line overrides (<c>--Training:LearningRate=3e-4</c>), and validated at start-up by
/// <see cref="TrainingArgumentsValidator"/>.
/// </summary>
public sealed class TrainingArguments
{
    /// <summary>The configuration section these arguments bind from.</summary>
    public const string SectionName = "Training";

    /// <summary>Where checkpoints, logs and the final model are written.</summary>
    public string OutputDir { get; set; } = "trainer_output";

    /// <summary>Passes over the training data (fractions allowed); ignored when <see cref="MaxSteps"/> &gt; 0.</summary>
    public double NumTrainEpochs { get; set; } = 3.0;

    /// <summary>Total optimizer updates; &gt; 0 overrides <see cref="NumTrainEpochs"/>.</summary>
    public long MaxSteps { get; set; } = -1;

    /// <summary>Examples per training micro-batch.</summary>
    public int PerDeviceTrainBatchSize { get; set; } = 8;

    /// <summary>Examples per evaluation batch.</summary>
    public int PerDeviceEvalBatchSize { get; set; } = 8;

    /// <summary>Micro-batches accumulated per optimizer update.</summary>
    public int GradientAccumulationSteps { get; set; } = 1;

    /// <summary>Initial learning rate.</summary>
    public double LearningRate { get; set; } = 5e-5;

    /// <summary>Weight decay of the decayed parameter group (biases and norms get none).</summary>
    public double WeightDecay { get; set; }

    /// <summary>β1 of Adam-style optimizers.</summary>
    public double AdamBeta1 { get; set; } = 0.9;

    /// <summary>β2 of Adam-style optimizers.</summary>
    public double AdamBeta2 { get; set; } = 0.999;

    /// <summary>ε of Adam-style optimizers.</summary>
    public double AdamEpsilon { get; set; } = 1e-8;

    /// <summary>Gradient clipping threshold on the total L2 norm; 0 disables clipping (the norm is still logged).</summary>
    public double MaxGradNorm { get; set; } = 1.0;

    /// <summary>Optimizer name in the registry (Transformers' <c>OptimizerNames</c>, Cerebras names, or your own).</summary>
    public string Optim { get; set; } = "adamw_torch";

    /// <summary>Optimizer-specific arguments, "key=value,key=value".</summary>
    public string? OptimArgs { get; set; }

    /// <summary>
    /// Modules the low-rank optimizers project: a list of names/substrings/regexes, or (a single string) one regex
    /// or "all-linear".
    /// </summary>
    public List<string>? OptimTargetModules { get; set; }

    /// <summary>True when <see cref="OptimTargetModules"/> came from a single string (one regex) rather than a list.</summary>
    public bool OptimTargetModulesIsPattern { get; internal set; }

    /// <summary>Scheduler name in the registry (Transformers' <c>SchedulerType</c> or your own).</summary>
    public string LrSchedulerType { get; set; } = "linear";

    /// <summary>Scheduler-specific arguments (<c>{"num_cycles": 3}</c>).</summary>
    public Dictionary<string, string> LrSchedulerKwargs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Warm-up: a value ≥ 1 is a number of updates, below 1 a ratio of the total (Transformers v5).</summary>
    public double WarmupSteps { get; set; }

    /// <summary>When to log.</summary>
    public IntervalStrategy LoggingStrategy { get; set; } = IntervalStrategy.Steps;

    /// <summary>Log every N updates (below 1: a ratio of the total).</summary>
    public double LoggingSteps { get; set; } = 500;

    /// <summary>Also log after the first update.</summary>
    public bool LoggingFirstStep { get; set; }

    /// <summary>Replace a non-finite logged loss by the running average (Transformers' <c>logging_nan_inf_filter</c>).</summary>
    public bool LoggingNanInfFilter { get; set; } = true;

    /// <summary>When to evaluate.</summary>
    public IntervalStrategy EvalStrategy { get; set; } = IntervalStrategy.No;

    /// <summary>Evaluate every N updates (default: <see cref="LoggingSteps"/>; below 1: a ratio).</summary>
    public double? EvalSteps { get; set; }

    /// <summary>Evaluate once before training.</summary>
    public bool EvalOnStart { get; set; }

    /// <summary>When to write checkpoints.</summary>
    public SaveStrategy SaveStrategy { get; set; } = SaveStrategy.Steps;

    /// <summary>Checkpoint every N updates (below 1: a ratio of the total).</summary>
    public double SaveSteps { get; set; } = 500;

    /// <summary>Keep at most this many checkpoints (the best is never deleted); null keeps all.</summary>
    public int? SaveTotalLimit { get; set; }

    /// <summary>Write only the model (no optimizer, scheduler or RNG state).</summary>
    public bool SaveOnlyModel { get; set; }

    /// <summary>Reload the best checkpoint at the end of training.</summary>
    public bool LoadBestModelAtEnd { get; set; }

    /// <summary>
    /// The metric that decides the best checkpoint, drives early stopping and metric-driven schedulers (Transformers'
    /// <c>metric_for_best_model</c>; default "loss", i.e. eval_loss): any key the evaluation reports, with or without
    /// its <c>eval_</c> prefix — a <c>ComputeMetrics</c> result ("accuracy"), or a named evaluation dataset's
    /// ("eval_valid_loss"). A key the evaluation does not report stops the run at the first evaluation with
    /// <see cref="MissingMetricException"/>.
    /// </summary>
    public string? MetricForBestModel { get; set; }

    /// <summary>Whether a higher metric is better (default: false for losses, true otherwise).</summary>
    public bool? GreaterIsBetter { get; set; }

    /// <summary>
    /// The batch entries that hold the labels (Transformers' <c>label_names</c>, default <c>None</c>; here null means
    /// <c>["labels"]</c>, what Transformers finds for its language models). A batch has labels when every one is
    /// present: the evaluation then computes a loss, and gathers them as <see cref="EvalPrediction.LabelIds"/> (several
    /// names: stacked along a new last dimension). The first name is also what the label smoother reads and, with a
    /// <c>computeLossFunc</c>, what the Trainer counts for <c>num_items_in_batch</c>.
    /// </summary>
    public List<string>? LabelNames { get; set; }

    /// <summary>
    /// Evaluation and prediction return only the loss: no predictions or labels are gathered and
    /// <c>ComputeMetrics</c> is not called (Transformers' <c>prediction_loss_only</c>, default false).
    /// </summary>
    public bool PredictionLossOnly { get; set; }

    /// <summary>
    /// Every this many evaluation steps the predictions, labels, losses and inputs gathered so far are concatenated and
    /// moved to the host (Transformers' <c>eval_accumulation_steps</c>, default <c>None</c>: they stay on the device
    /// until the evaluation ends). Bounds device memory on a GPU, and on the CPU the list of per-batch pieces; the
    /// results are identical.
    /// </summary>
    public int? EvalAccumulationSteps { get; set; }

    /// <summary>
    /// What <c>ComputeMetrics</c> gets besides predictions and labels (Transformers' <c>include_for_metrics</c>, default
    /// <c>[]</c>): <c>"inputs"</c> (the batches' <c>input_ids</c>, as <see cref="EvalPrediction.Inputs"/>) and/or
    /// <c>"loss"</c> (each example's batch loss, as <see cref="EvalPrediction.Losses"/>).
    /// </summary>
    public List<string> IncludeForMetrics { get; set; } = [];

    /// <summary>
    /// Label smoothing ε in [0, 1) (Transformers' <c>label_smoothing_factor</c>, default 0.0: off). Above 0 the loss is
    /// Transformers' <c>LabelSmoother</c> on the model's logits (<see cref="Training.Core.LabelSmoother"/>): the labels
    /// are taken out of the batch, shifted for an <see cref="ICausalLanguageModel"/>, -100 ignored, and token-correct
    /// under gradient accumulation. Needs a model returning <see cref="ModelOutput"/>; a <c>computeLossFunc</c> takes
    /// precedence over it, as in Transformers.
    /// </summary>
    public double LabelSmoothingFactor { get; set; }

    /// <summary>Seed for model initialisation, dropout and everything random.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Seed for data shuffling (default: <see cref="Seed"/>).</summary>
    public int? DataSeed { get; set; }

    /// <summary>A checkpoint folder to resume from, or "last" for the newest <c>checkpoint-*</c> in <see cref="OutputDir"/>.</summary>
    public string? ResumeFromCheckpoint { get; set; }

    /// <summary>Do not skip the already-seen batches of the resumed epoch.</summary>
    public bool IgnoreDataSkip { get; set; }

    /// <summary>
    /// Reporters, by Transformers' <c>report_to</c> names: <c>jsonl</c> (one JSON object per log entry in
    /// <c>OutputDir/log_history.jsonl</c>), <c>metrics</c> (System.Diagnostics.Metrics instruments on the Meter
    /// "Training"), <c>tensorboard</c> (event files under <see cref="LoggingDir"/>); "none" (the default) or "all"
    /// (every one of them), each alone. Transformers' other integrations (wandb, mlflow, ...) are refused at start-up
    /// as not available here, a misspelt name with the closest one.
    /// </summary>
    public List<string> ReportTo { get; set; } = ["none"];

    /// <summary>Hide the progress bar (it is also hidden when output is not a terminal).</summary>
    public bool DisableTqdm { get; set; }

    /// <summary>Drop the last incomplete batch of each epoch.</summary>
    public bool DataloaderDropLast { get; set; }

    /// <summary>
    /// What to do with a non-finite loss or gradient norm, and with a NaN, infinite or negative learning rate from
    /// the scheduler (skip: that update is not applied and the schedule moves on; stop: an error naming the step).
    /// </summary>
    public NonFinitePolicy NonFiniteLoss { get; set; } = NonFinitePolicy.Skip;

    /// <summary>
    /// Checks the parameters after every update (a finite loss and gradient can still give inf/NaN parameters, e.g.
    /// with a huge learning rate). <c>Skip</c> and <c>Stop</c> keep a copy of the parameters and optimizer state
    /// (their memory again; measured on TinyGpt: 1.7–2.5 ms a step, about 2%) and, when an update made any parameter
    /// non-finite, restore both exactly — then <c>Skip</c> logs a warning and goes on, <c>Stop</c> throws
    /// <see cref="NonFiniteParametersException"/> naming the step. Checkpoints therefore never hold such parameters.
    /// <c>Auto</c> (default) follows <see cref="NonFiniteLoss"/>; <c>Off</c> saves the copy's memory.
    /// </summary>
    public NonFiniteParameterPolicy NonFiniteParameters { get; set; } = NonFiniteParameterPolicy.Auto;

    /// <summary>Stop the run when a reporting callback throws (default: log and go on).</summary>
    public bool StopOnCallbackError { get; set; }

    /// <summary>Intra-op threads for libtorch (default: every core).</summary>
    public int? NumThreads { get; set; }

    /// <summary>
    /// Train on the CPU even when a CUDA device is available (Transformers' <c>use_cpu</c>). Otherwise the Trainer
    /// uses CUDA whenever TorchSharp reports it (a TorchSharp CUDA package is referenced and a GPU is present).
    /// </summary>
    public bool UseCpu { get; set; }

    /// <summary>Warm-up updates for <paramref name="numTrainingSteps"/> total updates (Transformers v5 <c>get_warmup_steps</c>).</summary>
    public long GetWarmupSteps(long numTrainingSteps) =>
        WarmupSteps >= 1 ? (long)WarmupSteps : (long)Math.Ceiling(numTrainingSteps * WarmupSteps);

    /// <summary>Optimizer updates per epoch of <paramref name="microBatchesPerEpoch"/> micro-batches (the last update may take fewer).</summary>
    public long UpdatesPerEpoch(long microBatchesPerEpoch) =>
        Math.Max((microBatchesPerEpoch + GradientAccumulationSteps - 1) / GradientAccumulationSteps, 1);

    /// <summary>The updates of a run of <paramref name="updatesPerEpoch"/> per epoch: <see cref="MaxSteps"/> when set, else the epochs.</summary>
    public long PlannedSteps(long updatesPerEpoch) =>
        MaxSteps > 0 ? MaxSteps : (long)Math.Ceiling(NumTrainEpochs * updatesPerEpoch);

    /// <summary>A step interval that may be a ratio (&lt; 1) of the total, as <c>TrainerState.compute_steps</c> does.</summary>
    public static long ResolveSteps(double value, long maxSteps) =>
        value < 1 ? Math.Max(1, (long)Math.Ceiling(maxSteps * value)) : (long)value;

    /// <summary>The label entries in effect: <see cref="LabelNames"/>, or <c>["labels"]</c> when unset.</summary>
    public IReadOnlyList<string> EffectiveLabelNames => LabelNames ?? DefaultLabelNames;

    private static readonly IReadOnlyList<string> DefaultLabelNames = ["labels"];

    /// <summary>The metric name used to pick the best checkpoint, with its "eval_" prefix.</summary>
    public string BestMetricKey
    {
        get
        {
            var name = MetricForBestModel ?? "loss";
            return name.StartsWith("eval_", StringComparison.Ordinal) ? name : "eval_" + name;
        }
    }

    /// <summary>Whether a higher best-model metric is better.</summary>
    public bool HigherIsBetter => GreaterIsBetter ?? !(MetricForBestModel ?? "loss").EndsWith("loss", StringComparison.Ordinal);

    /// <summary>
    /// Group training examples of similar length into batches (Transformers' <c>group_by_length</c>, its
    /// <c>LengthGroupedSampler</c>): less padding, still shuffled per epoch. The dataset must report lengths
    /// (<see cref="IExampleLengths"/>, or be a dataset of <see cref="TokenizedExample"/>s).
    /// </summary>
    public bool GroupByLength { get; set; }

    /// <summary>
    /// Worker threads that collate training batches ahead of the training step (Transformers'
    /// <c>dataloader_num_workers</c>; threads here, not processes). 0 (default) collates on the training thread. The
    /// batches are the same with any number of workers, and resuming stays exact.
    /// </summary>
    public int DataloaderNumWorkers { get; set; }

    /// <summary>
    /// Batches each worker collates ahead (Transformers' <c>dataloader_prefetch_factor</c>): at most
    /// <see cref="DataloaderNumWorkers"/> × this many are in flight. Unset means 2 (PyTorch's default); it can only be
    /// set with <see cref="DataloaderNumWorkers"/> &gt; 0.
    /// </summary>
    public int? DataloaderPrefetchFactor { get; set; }

    /// <summary>
    /// Level of the Trainer's own loggers (Transformers' <c>log_level</c>): <c>passive</c> (default) keeps the host's
    /// configuration (<c>Logging:LogLevel</c>); <c>debug</c>, <c>info</c>, <c>warning</c>, <c>error</c>,
    /// <c>critical</c> set the minimum for the Trainer, its logging callback and reporters, in the main process.
    /// </summary>
    public TrainerLogLevel LogLevel { get; set; } = TrainerLogLevel.Passive;

    /// <summary>
    /// The same for the other processes of a distributed run (Transformers' <c>log_level_replica</c>, default
    /// <c>warning</c>). A single-process run is its main process, so this applies only once several processes train.
    /// </summary>
    public TrainerLogLevel LogLevelReplica { get; set; } = TrainerLogLevel.Warning;

    /// <summary>
    /// Transformers' <c>include_num_input_tokens_seen</c>: <c>no</c> (default), <c>all</c> (every input token),
    /// <c>non_padding</c> (the tokens the attention mask keeps), or <c>true</c>/<c>false</c> for all/no. Anything but
    /// no adds <c>num_input_tokens_seen</c> to every log entry. (<c>trainer_state.json</c> always records the count;
    /// with no or all it is every input token.)
    /// </summary>
    public string IncludeNumInputTokensSeen { get; set; } = "no";

    /// <summary>
    /// Where the <c>tensorboard</c> reporter writes its event files (Transformers' <c>logging_dir</c>). Unset means
    /// <c>OutputDir/runs/&lt;timestamp&gt;_&lt;hostname&gt;</c>, Transformers' default, chosen when training starts.
    /// </summary>
    public string? LoggingDir { get; set; }

    /// <summary>
    /// The run's name (Transformers' <c>run_name</c>): the <c>run</c> tag of the <c>metrics</c> reporter's
    /// measurements. Unset means <see cref="OutputDir"/>, as in Transformers.
    /// </summary>
    public string? RunName { get; set; }

    /// <summary>
    /// Every this many optimizer steps the <c>tensorboard</c> reporter also writes histograms of every trainable
    /// parameter and its gradient (tags <c>parameters/NAME</c>, <c>gradients/NAME</c>). Unset (default) writes none:
    /// they cost a copy of the model each time.
    /// </summary>
    public int? TensorBoardHistogramSteps { get; set; }

    /// <summary>
    /// When training is asked to stop (the <c>CancellationToken</c> of <see cref="Trainer.Train(string?, System.Threading.CancellationToken)"/>,
    /// SIGTERM/Ctrl+C in the example programs), write a checkpoint of the last finished update before returning, whatever
    /// <see cref="SaveStrategy"/> says (Transformers' <c>enable_jit_checkpoint</c>). Default true here, where
    /// Transformers defaults to false: a stop request almost always means "resume later" (preemption). False stops
    /// without saving; the newest checkpoint already written is then the one to resume from.
    /// </summary>
    public bool EnableJitCheckpoint { get; set; } = true;

    /// <summary>
    /// On resume, restore the state callbacks saved in <c>trainer_state.json</c>'s <c>stateful_callbacks</c>
    /// (Transformers' <c>restore_callback_states_from_checkpoint</c>), e.g. <see cref="EarlyStoppingCallback"/>'s
    /// patience counter. Default false as in Transformers: the callbacks start afresh.
    /// </summary>
    public bool RestoreCallbackStatesFromCheckpoint { get; set; }
}
