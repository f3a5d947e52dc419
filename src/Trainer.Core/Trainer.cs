using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Training.Optim;
using Training.Schedulers;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Core;

/// <summary>An optimizer factory plus its arguments (Transformers' <c>optimizer_cls_and_kwargs</c>); kwargs should carry <c>lr</c>.</summary>
/// <param name="Factory">Builds the optimizer from the Trainer's parameter groups and the kwargs.</param>
/// <param name="Kwargs">Constructor arguments under PyTorch's keys (<c>lr</c>, <c>momentum</c>, ...).</param>
public sealed record OptimizerClsAndKwargs(
    Func<IReadOnlyList<ParamGroup>, IReadOnlyDictionary<string, object?>, Optimizer> Factory,
    IReadOnlyDictionary<string, object?> Kwargs);

/// <summary>
/// The training loop of Transformers' <c>Trainer</c>: micro-batches with gradient accumulation, clipping,
/// <c>optimizer.Step()</c>, <c>scheduler.Step()</c> once per update, zero-grad; evaluation, logging, callbacks and
/// atomic checkpoints that resume bit for bit. Optimizers and schedulers come from the DI registries by name
/// (<see cref="TrainingArguments.Optim"/>, <see cref="TrainingArguments.LrSchedulerType"/>), from
/// <see cref="OptimizerClsAndKwargs"/>, from prebuilt instances, or from overrides of <see cref="CreateOptimizer"/> /
/// <see cref="CreateScheduler"/> in a subclass.
/// </summary>
public partial class Trainer
{
    private readonly OptimizerClsAndKwargs? optimizerClsAndKwargs;
    private readonly Func<torch.nn.Module, Batch, long?, Tensor>? computeLossFunc;
    private readonly LabelSmoother? labelSmoother;
    private bool createdScheduler;

    /// <summary>Creates a Trainer.</summary>
    /// <param name="model">
    /// The model. By default (<see cref="ComputeLoss"/>, <see cref="PredictionStep"/>) a <c>Module&lt;Batch, ModelOutput&gt;</c>
    /// trains and predicts on its own; a <c>Module&lt;Batch, Tensor&gt;</c> returning its loss trains and evaluates the
    /// loss; any other model needs <paramref name="computeLossFunc"/> or an override of <see cref="ComputeLoss"/>.
    /// </param>
    /// <param name="args">The training arguments (validated here as at start-up).</param>
    /// <param name="trainDataset">Training examples.</param>
    /// <param name="evalDataset">Evaluation examples (metrics <c>eval_*</c>).</param>
    /// <param name="dataCollator">Turns examples into batches.</param>
    /// <param name="callbacks">Extra callbacks, after the built-in ones.</param>
    /// <param name="optimizers">Prebuilt optimizer and/or scheduler (Transformers' <c>optimizers=(opt, sched)</c>).</param>
    /// <param name="optimizerClsAndKwargs">An optimizer factory with arguments; incompatible with a prebuilt optimizer.</param>
    /// <param name="computeLossFunc">
    /// Computes the loss of a batch (Transformers' <c>compute_loss_func</c>): (model, batch, numItemsInBatch). The
    /// Trainer passes the number of labels other than -100 (of the first <see cref="TrainingArguments.LabelNames"/>
    /// entry) over all micro-batches of the update, or null in evaluation and for batches without labels; it does not
    /// divide the result by the number of micro-batches, so the function returns the <em>sum</em> of its per-item
    /// losses divided by that count when it is given (the update's gradient is then that of the mean over all its
    /// items), and its own mean when it is null.
    /// </param>
    /// <param name="services">
    /// Where the optimizer and scheduler registries, the logger factory and callbacks registered as
    /// <see cref="TrainerCallback"/> come from (AddTrainer's provider); when null, this library's built-in optimizers
    /// and schedulers and no logging.
    /// </param>
    /// <param name="computeMetrics">
    /// Computes metrics from the evaluation's predictions and labels (Transformers' <c>compute_metrics</c>); its keys
    /// get the evaluation's prefix (<c>accuracy</c> becomes <c>eval_accuracy</c>, or <c>test_accuracy</c> in
    /// <see cref="Predict"/>). It borrows the tensors of its <see cref="EvalPrediction"/> and runs in a dispose scope,
    /// so the tensors it creates are freed when it returns. Without it <see cref="Evaluate(IDataset?, string)"/>
    /// gathers no predictions.
    /// </param>
    /// <param name="preprocessLogitsForMetrics">
    /// Applied to each batch's (logits, labels) before they are gathered, e.g. an argmax that keeps only the predicted
    /// ids (Transformers' <c>preprocess_logits_for_metrics</c>); what it returns is what <c>computeMetrics</c> sees. It runs
    /// in the batch's dispose scope; the labels are null for a batch without labels (Transformers passes None).
    /// </param>
    /// <param name="evalDatasets">
    /// Several evaluation datasets by name (Transformers' <c>eval_dataset</c> as a dict): each is evaluated on its own
    /// with the prefix <c>eval_&lt;name&gt;</c> (<c>eval_valid_loss</c>, ...), logged and reported to <c>OnEvaluate</c>;
    /// <see cref="TrainingArguments.MetricForBestModel"/> names one of their keys. Not together with <paramref name="evalDataset"/>.
    /// </param>
    public Trainer(torch.nn.Module model, TrainingArguments args, IDataset? trainDataset = null, IDataset? evalDataset = null,
        IDataCollator? dataCollator = null, IEnumerable<TrainerCallback>? callbacks = null,
        (Optimizer? Optimizer, Scheduler? Scheduler) optimizers = default, OptimizerClsAndKwargs? optimizerClsAndKwargs = null,
        Func<torch.nn.Module, Batch, long?, Tensor>? computeLossFunc = null, IServiceProvider? services = null,
        Func<EvalPrediction, IReadOnlyDictionary<string, double>>? computeMetrics = null,
        Func<Tensor, Tensor, Tensor>? preprocessLogitsForMetrics = null,
        IReadOnlyDictionary<string, IDataset>? evalDatasets = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(args);
        if (optimizerClsAndKwargs is not null && optimizers.Optimizer is not null)
            throw new InvalidOperationException("Passing both `optimizers` and `optimizer_cls_and_kwargs` arguments is incompatible.");
        if (evalDataset is not null && evalDatasets is not null)
            throw new ArgumentException("pass either evalDataset (metrics eval_*) or evalDatasets (metrics eval_<name>_*), not both", nameof(evalDatasets));
        foreach (var (name, dataset) in evalDatasets ?? new Dictionary<string, IDataset>())
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("an evaluation dataset needs a name (its metrics are eval_<name>_*)", nameof(evalDatasets));
            if (dataset is null) throw new ArgumentException($"the evaluation dataset '{name}' is null", nameof(evalDatasets));
        }

        Model = model;
        Args = args;
        Device = TrainingDevice.Select(args);
        TrainDataset = trainDataset;
        EvalDataset = evalDataset;
        DataCollator = dataCollator;
        Optimizer = optimizers.Optimizer;
        LrScheduler = optimizers.Scheduler;
        this.optimizerClsAndKwargs = optimizerClsAndKwargs;
        this.computeLossFunc = computeLossFunc;
        EvalDatasets = evalDatasets is null ? null : new Dictionary<string, IDataset>(evalDatasets, StringComparer.Ordinal);
        ComputeMetrics = computeMetrics;
        PreprocessLogitsForMetrics = preprocessLogitsForMetrics;

        // Without a service provider (or one without registries): this library's built-ins, built for this Trainer.
        // Integration optimizers (GaLore, LOMO, ...) come with AddTrainer's services.
        var registered = services?.GetService<IOptimizerRegistry>();
        OptimizerRegistry = registered ?? BuiltInRegistries.Optimizers();
        SchedulerRegistry = services?.GetService<ISchedulerRegistry>() ?? BuiltInRegistries.Schedulers();
        var hostLoggers = services?.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        // Transformers' log_level: the Trainer's own loggers get the minimum; the host's configuration is left alone.
        LoggerFactory = args.LogLevel.Minimum() is { } minimum ? new MinimumLevelLoggerFactory(hostLoggers, minimum) : hostLoggers;
        Logger = LoggerFactory.CreateLogger<Trainer>();

        var problems = new TrainingArgumentsValidator(OptimizerRegistry, SchedulerRegistry).Check(args).ToList();
        if (registered is null && !OptimizerRegistry.Contains(args.Optim))
            problems.Add("A Trainer built without services knows only the built-in optimizers; the integrations (GaLore, APOLLO, LOMO, " +
                "Schedule-Free, ...) come with services.AddTrainer(configuration) or services.AddIntegrationOptimizers(): pass the provider as `services`.");
        if (problems.Count > 0) throw new TrainingArgumentsException(problems);
        labelSmoother = args.LabelSmoothingFactor > 0 ? new LabelSmoother(args.LabelSmoothingFactor) : null;
        if (args.NumThreads is int threads) torch.set_num_threads(threads);
        // Before any optimizer state exists: with glibc's defaults its large temporaries page-fault on every step.
        Logger.LogDebug("glibc allocator tuning: {Outcome}", AllocatorTuning.Apply());
        MoveModelToDevice(optimizers.Optimizer);

        Callbacks = new CallbackHandler([new DefaultFlowCallback(), new LoggingCallback(LoggerFactory.CreateLogger<LoggingCallback>()),
                .. ReportingCallbacks.Create(args), .. services?.GetService<IEnumerable<TrainerCallback>>() ?? [], .. callbacks ?? []],
            Args, () => State, Control, Model, () => Optimizer, () => LrScheduler, Logger);
        Callbacks.OnInitEnd();
    }

    /// <summary>The device training runs on (<see cref="TrainingDevice.Select"/>); batches are moved there.</summary>
    public Device Device { get; }

    // Transformers' _move_model_to_device. TorchSharp replaces a module's Parameter objects when it moves them, so an
    // optimizer built before the move would update the old ones: refuse that instead of training nothing.
    private void MoveModelToDevice(Optimizer? prebuilt)
    {
        if (TrainingDevice.Same(TrainingDevice.Of(Model), Device)) return;
        if (prebuilt is not null)
            throw new InvalidOperationException($"the model is on {TrainingDevice.Of(Model)} but training runs on {Device}: move the model (model.to(device)) before building the optimizer you pass in `optimizers`, or set UseCpu");
        Model.to(Device);
    }

    /// <summary>The model.</summary>
    public torch.nn.Module Model { get; }

    /// <summary>The arguments.</summary>
    public TrainingArguments Args { get; }

    /// <summary>Training examples.</summary>
    public IDataset? TrainDataset { get; }

    /// <summary>Evaluation examples.</summary>
    public IDataset? EvalDataset { get; }

    /// <summary>Evaluation datasets by name (metrics <c>eval_&lt;name&gt;_*</c>), or null.</summary>
    public IReadOnlyDictionary<string, IDataset>? EvalDatasets { get; }

    /// <summary>Computes metrics from an evaluation's predictions (Transformers' <c>compute_metrics</c>), or null.</summary>
    public Func<EvalPrediction, IReadOnlyDictionary<string, double>>? ComputeMetrics { get; }

    /// <summary>Reduces each batch's logits before they are gathered (Transformers' <c>preprocess_logits_for_metrics</c>), or null.</summary>
    public Func<Tensor, Tensor, Tensor>? PreprocessLogitsForMetrics { get; }

    /// <summary>True when there is something to evaluate: <see cref="EvalDataset"/> or <see cref="EvalDatasets"/>.</summary>
    protected bool HasEvalData => EvalDataset is not null || EvalDatasets is { Count: > 0 };

    /// <summary>The collator.</summary>
    public IDataCollator? DataCollator { get; }

    /// <summary>The optimizer (created by <see cref="CreateOptimizer"/> when not given).</summary>
    public Optimizer? Optimizer { get; protected set; }

    /// <summary>The learning-rate scheduler (created by <see cref="CreateScheduler"/> when not given).</summary>
    public Scheduler? LrScheduler { get; protected set; }

    /// <summary>Progress, saved with checkpoints.</summary>
    public TrainerState State { get; private set; } = new();

    /// <summary>Flags callbacks use to steer the loop.</summary>
    public TrainerControl Control { get; } = new();

    /// <summary>The callbacks (<see cref="CallbackHandler.Add"/>, <see cref="CallbackHandler.Remove{T}"/>), and the events the loop raises.</summary>
    public CallbackHandler Callbacks { get; }

    /// <summary>Optimizers by name.</summary>
    protected IOptimizerRegistry OptimizerRegistry { get; }

    /// <summary>Schedulers by name.</summary>
    protected ISchedulerRegistry SchedulerRegistry { get; }

    /// <summary>Where loggers come from.</summary>
    protected ILoggerFactory LoggerFactory { get; }

    /// <summary>The Trainer's logger.</summary>
    protected ILogger Logger { get; }

    /// <summary>Names of the parameters that get weight decay (Transformers' rule: not biases, not norms).</summary>
    public virtual IReadOnlyList<string> GetDecayParameterNames(torch.nn.Module model) => DecayGrouping.GetDecayParameterNames(model);

    /// <summary>
    /// Creates the optimizer when none was given: the decay / no-decay groups, then <see cref="OptimizerClsAndKwargs"/>
    /// if given, else the registry entry named by <see cref="TrainingArguments.Optim"/> with the learning rate, Adam
    /// settings and <c>OptimArgs</c>.
    /// </summary>
    public virtual Optimizer CreateOptimizer()
    {
        if (Optimizer is not null) return Optimizer;
        var decay = new HashSet<string>(GetDecayParameterNames(Model), StringComparer.Ordinal);
        var trainable = Model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        IReadOnlyList<ParamGroup> groups =
        [
            new ParamGroup(trainable.Where(p => decay.Contains(p.name)).Select(p => (Tensor)p.parameter),
                new Dictionary<string, object?> { ["weight_decay"] = Args.WeightDecay }),
            new ParamGroup(trainable.Where(p => !decay.Contains(p.name)).Select(p => (Tensor)p.parameter),
                new Dictionary<string, object?> { ["weight_decay"] = 0.0 }),
        ];

        Optimizer = optimizerClsAndKwargs is not null
            ? optimizerClsAndKwargs.Factory(groups, optimizerClsAndKwargs.Kwargs)
            : OptimizerRegistry.Create(Args.Optim, OptimizerRequests.Build(Args, groups, Model, plannedSteps ?? State.MaxSteps, TargetModules()));
        try
        {
            OptimizerRequests.EnsureAccumulationSupported(Optimizer, Args);
        }
        catch
        {
            // A refused optimizer must not stay behind with its state and backward hooks.
            Optimizer.Dispose();
            Optimizer = null;
            throw;
        }

        return Optimizer;
    }

    /// <summary>The low-rank target modules from the arguments, or null.</summary>
    protected OptimTargetModules? TargetModules() => OptimizerRequests.TargetModules(Args);

    /// <summary>
    /// Creates the scheduler when none was given: the registry entry named by <see cref="TrainingArguments.LrSchedulerType"/>
    /// with the warm-up (a ratio below 1) and the total number of updates.
    /// </summary>
    public virtual Scheduler CreateScheduler(long numTrainingSteps, Optimizer? optimizer = null)
    {
        if (LrScheduler is not null) return LrScheduler;
        var target = optimizer ?? Optimizer ?? throw new InvalidOperationException("create the optimizer before the scheduler");
        LrScheduler = SchedulerRegistry.Create(Args.LrSchedulerType, OptimizerRequests.Scheduler(Args, target, numTrainingSteps));
        createdScheduler = true;
        return LrScheduler;
    }

    /// <summary>Creates the optimizer, then the scheduler for <paramref name="numTrainingSteps"/> updates.</summary>
    public virtual void CreateOptimizerAndScheduler(long numTrainingSteps)
    {
        // The optimizer's request sees the same run length as the scheduler's (a warm-up ratio resolves against it),
        // also when a user calls this before Train() has planned the run.
        plannedSteps = numTrainingSteps;
        try
        {
            CreateOptimizer();
        }
        finally
        {
            plannedSteps = null;
        }

        CreateScheduler(numTrainingSteps);
    }

    // Set only while CreateOptimizerAndScheduler builds the optimizer: the run length it was given.
    private long? plannedSteps;
}
