namespace Training.Optim;

/// <summary>
/// The built-in registry entries: Transformers' <c>OptimizerNames</c> that this library implements natively,
/// and the Cerebras optimizers Transformers lacks (with Cerebras' defaults, e.g. ε = 1e-6). Every factory
/// starts from the request's learning rate (and β/ε for Adam-style optimizers) like Transformers' handlers,
/// then applies <c>OptimArgs</c>.
/// </summary>
public static class BuiltInOptimizers
{
    /// <summary>Every built-in entry.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        Entry("adamw_torch", "torch.optim.AdamW: Adam with decoupled weight decay", 8, AdamWFor, (g, o) => new AdamW(g, o)),
        Entry("adamw_torch_fused", "torch.optim.AdamW(fused=True): one native pass per parameter tensor", 8,
            r => AdamWFor(r) with { Fused = true }, (g, o) => new AdamW(g, o)),
        Entry("adam", "torch.optim.Adam: Adam with L2 weight decay through the gradient", 8, AdamFor, (g, o) => new Adam(g, o)),
        // Factored second moments: a row and a column per matrix, 4(m+n) bytes for m×n (8/1024 per element at 1024×1024).
        Entry("adafactor", "Transformers' Adafactor with an external lr (scale_parameter=False, relative_step=False); factored second moments, "
                           + "4(m+n) bytes per m×n matrix (8/1024 ≈ 0.0078 bytes/param at 1024x1024), 4 bytes per vector element", 8.0 / 1024,
            AdafactorFor, (g, o) => new Adafactor(g, o)),
        Entry("sgd", "torch.optim.SGD; OptimArgs may set momentum, dampening, nesterov, weight_decay (4 bytes/param with momentum)", 0,
            r => new SgdOptions { LearningRate = r.LearningRate }, (g, o) => new Sgd(g, o)),
        Entry("adagrad", "torch.optim.Adagrad; OptimArgs may set lr_decay, eps, initial_accumulator_value", 4,
            r => new AdagradOptions { LearningRate = r.LearningRate }, (g, o) => new Adagrad(g, o)),
        Entry("rmsprop", "torch.optim.RMSprop; OptimArgs may set alpha, momentum, centered (+4 bytes/param each)", 4,
            r => new RmsPropOptions { LearningRate = r.LearningRate }, (g, o) => new RmsProp(g, o)),
        Entry("lamb", "Cerebras Lamb: layer-wise trust ratio on an Adam step without bias correction", 8, LambFor, (g, o) => new Lamb(g, o)),
        Entry("lion", "Cerebras/Google Lion: sign of interpolated momentum, decoupled weight decay", 4, LionFor, (g, o) => new Lion(g, o)),
        Entry("nadam", "Cerebras NAdam (torch 1.13 algorithm): Adam with Nesterov momentum", 8, NAdamFor, (g, o) => new NAdam(g, o)),
        Entry("radam", "Cerebras RAdam (eps 1e-6): rectified Adam", 8, RAdamFor, (g, o) => new RAdam(g, o)),
        Entry("adamax", "Cerebras Adamax (lr from TrainingArguments, eps 1e-6): Adam with the infinity norm", 8, AdamaxFor, (g, o) => new Adamax(g, o)),
        Entry("adadelta", "Cerebras/torch Adadelta", 8, r => new AdadeltaOptions { LearningRate = r.LearningRate }, (g, o) => new Adadelta(g, o)),
        Entry("asgd", "Cerebras/torch ASGD: averaged SGD", 4, r => new AsgdOptions { LearningRate = r.LearningRate }, (g, o) => new Asgd(g, o)),
        Entry("rprop", "Cerebras Rprop: sign-based per-element step sizes (full batch)", 8,
            r => new RpropOptions { LearningRate = r.LearningRate }, (g, o) => new Rprop(g, o)),
        Entry("cerebras_adamw", "Cerebras AdamW (Hugging Face form: eps before bias correction, eps 1e-6)", 8,
            CerebrasAdamWFor, (g, o) => new CerebrasAdamW(g, o)),
    ];

    /// <summary>
    /// An entry whose <c>OptimArgs</c> are its options record's parameters: <paramref name="start"/> gives the options
    /// from the Trainer's settings (as Transformers' handler passes lr, betas, eps), the bound arguments are written
    /// over them (as <c>optim_args</c> become constructor kwargs; a group that sets a key itself keeps its value), and
    /// the declared defaults are those <paramref name="start"/> gives for default TrainingArguments.
    /// </summary>
    internal static OptimizerDescriptor Entry<TOptions>(string name, string description, double stateBytesPerParameter,
        Func<OptimizerRequest, TOptions> start, Func<IReadOnlyList<ParamGroup>, TOptions, Optimizer> create) where TOptions : OptimizerOptions
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(create);
        return new(name, description, stateBytesPerParameter, start(DefaultRequest).Arguments(name),
            (request, arguments, _) => create(request.ParamGroups, start(request).With(arguments)));
    }

    // The request of default TrainingArguments, for the defaults an entry declares.
    private static OptimizerRequest DefaultRequest => new() { ParamGroups = [] };

    private static AdamWOptions AdamWFor(OptimizerRequest r) => new()
    {
        LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, Eps = r.AdamEpsilon, WeightDecay = r.WeightDecay,
    };

    private static AdamOptions AdamFor(OptimizerRequest r) => new()
    {
        LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, Eps = r.AdamEpsilon, WeightDecay = r.WeightDecay,
    };

    private static AdafactorOptions AdafactorFor(OptimizerRequest r) => new()
    {
        LearningRate = r.LearningRate, ScaleParameter = false, RelativeStep = false,
    };

    private static LambOptions LambFor(OptimizerRequest r) => new() { LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2 };

    private static LionOptions LionFor(OptimizerRequest r) => new() { LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = 0.99 };

    private static NAdamOptions NAdamFor(OptimizerRequest r) => new() { LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2 };

    private static RAdamOptions RAdamFor(OptimizerRequest r) => new() { LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, Eps = 1e-6 };

    private static AdamaxOptions AdamaxFor(OptimizerRequest r) => new() { LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, Eps = 1e-6 };

    private static CerebrasAdamWOptions CerebrasAdamWFor(OptimizerRequest r) => new()
    {
        LearningRate = r.LearningRate, Beta1 = r.AdamBeta1, Beta2 = r.AdamBeta2, WeightDecay = r.WeightDecay,
    };
}
