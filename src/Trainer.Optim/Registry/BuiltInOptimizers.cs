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
        Entry("adamw_torch", "torch.optim.AdamW: Adam with decoupled weight decay", 8,
            r => new AdamW(Bind(r, AdamWFor(r), "AdamW"), AdamWFor(r))),
        Entry("adamw_torch_fused", "torch.optim.AdamW(fused=True): one native pass per parameter tensor", 8,
            r => new AdamW(Bind(r, AdamWFor(r) with { Fused = true }, "AdamW"), AdamWFor(r) with { Fused = true })),
        Entry("adam", "torch.optim.Adam: Adam with L2 weight decay through the gradient", 8,
            r => new Adam(Bind(r, AdamFor(r), "Adam"), AdamFor(r))),
        Entry("adafactor", "Transformers' Adafactor with an external lr (scale_parameter=False, relative_step=False); factored second moments", 0,
            r => new Adafactor(Bind(r, AdafactorFor(r), "Adafactor"), AdafactorFor(r))),
        Entry("sgd", "torch.optim.SGD; OptimArgs may set momentum, dampening, nesterov, weight_decay (4 bytes/param with momentum)", 0,
            r => new Sgd(Bind(r, new SgdOptions { LearningRate = r.LearningRate }, "SGD"), new SgdOptions { LearningRate = r.LearningRate })),
        Entry("adagrad", "torch.optim.Adagrad; OptimArgs may set lr_decay, eps, initial_accumulator_value", 4,
            r => new Adagrad(Bind(r, new AdagradOptions { LearningRate = r.LearningRate }, "Adagrad"), new AdagradOptions { LearningRate = r.LearningRate })),
        Entry("rmsprop", "torch.optim.RMSprop; OptimArgs may set alpha, momentum, centered (+4 bytes/param each)", 4,
            r => new RmsProp(Bind(r, new RmsPropOptions { LearningRate = r.LearningRate }, "RMSprop"), new RmsPropOptions { LearningRate = r.LearningRate })),
        Entry("lamb", "Cerebras Lamb: layer-wise trust ratio on an Adam step without bias correction", 8,
            r => new Lamb(Bind(r, LambFor(r), "Lamb"), LambFor(r))),
        Entry("lion", "Cerebras/Google Lion: sign of interpolated momentum, decoupled weight decay", 4,
            r => new Lion(Bind(r, LionFor(r), "Lion"), LionFor(r))),
        Entry("nadam", "Cerebras NAdam (torch 1.13 algorithm): Adam with Nesterov momentum", 8,
            r => new NAdam(Bind(r, NAdamFor(r), "NAdam"), NAdamFor(r))),
        Entry("radam", "Cerebras RAdam (eps 1e-6): rectified Adam", 8,
            r => new RAdam(Bind(r, RAdamFor(r), "RAdam"), RAdamFor(r))),
        Entry("adamax", "Cerebras Adamax (lr from TrainingArguments, eps 1e-6): Adam with the infinity norm", 8,
            r => new Adamax(Bind(r, AdamaxFor(r), "Adamax"), AdamaxFor(r))),
        Entry("adadelta", "Cerebras/torch Adadelta", 8,
            r => new Adadelta(Bind(r, new AdadeltaOptions { LearningRate = r.LearningRate }, "Adadelta"), new AdadeltaOptions { LearningRate = r.LearningRate })),
        Entry("asgd", "Cerebras/torch ASGD: averaged SGD", 4,
            r => new Asgd(Bind(r, new AsgdOptions { LearningRate = r.LearningRate }, "ASGD"), new AsgdOptions { LearningRate = r.LearningRate })),
        Entry("rprop", "Cerebras Rprop: sign-based per-element step sizes (full batch)", 8,
            r => new Rprop(Bind(r, new RpropOptions { LearningRate = r.LearningRate }, "Rprop"), new RpropOptions { LearningRate = r.LearningRate })),
        Entry("cerebras_adamw", "Cerebras AdamW (Hugging Face form: eps before bias correction, eps 1e-6)", 8,
            r => new CerebrasAdamW(Bind(r, CerebrasAdamWFor(r), "CerebrasAdamW"), CerebrasAdamWFor(r))),
    ];

    private static OptimizerDescriptor Entry(string name, string description, double bytes, Func<OptimizerRequest, Optimizer> build) =>
        new(name, description, bytes, (request, _) => build(request));

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

    private static IReadOnlyList<ParamGroup> Bind(OptimizerRequest request, OptimizerOptions options, string name) =>
        OptimArgsBinding.Apply(request.ParamGroups, options, request.OptimArgs, name);
}
