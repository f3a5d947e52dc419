using Microsoft.Extensions.DependencyInjection;
using TorchSharp.Modules;
using AdamW = Training.Optim.AdamW;
using ParamGroup = Training.Optim.ParamGroup;

namespace Training.Integrations.Tests.Contract;

/// <summary>
/// A small model every integration optimizer runs on, the way the Trainer drives it: an embedding, a Linear
/// <c>proj</c> (the low-rank target of GaLore / APOLLO) and a Linear <c>head</c>, least squares on fixed data. A step
/// switches Schedule-Free optimizers to train mode, uses the fused backward of LOMO / AdaLomo, and lets
/// layer-wise optimizers update inside backward, exactly as <c>Trainer.TrainingStep</c> does.
/// </summary>
internal sealed class ContractModel : torch.nn.Module<Tensor, Tensor>
{
    private readonly Embedding embed;
    private readonly Linear proj;
    private readonly Linear head;

    public ContractModel(int seed, long width = 12, long hidden = 10) : base(nameof(ContractModel))
    {
        torch.manual_seed(seed);
        embed = torch.nn.Embedding(5, width);
        proj = torch.nn.Linear(width, hidden);
        head = torch.nn.Linear(hidden, 3);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens) => head.forward(proj.forward(embed.forward(tokens)).tanh());
}

/// <summary>The model, its data and how one step is taken; two instances with the same seed start identical.</summary>
internal sealed class IntegrationContractProblem : IDisposable
{
    private static readonly Lazy<IOptimizerRegistry> SharedRegistry = new(() =>
        new ServiceCollection().AddIntegrationOptimizers().BuildServiceProvider().GetRequiredService<IOptimizerRegistry>());

    private readonly Tensor tokens;
    private readonly Tensor targets;

    public IntegrationContractProblem(int seed = 0, long width = 12, long hidden = 10)
    {
        Model = new ContractModel(seed, width, hidden);
        using var generator = new Generator((ulong)seed + 100);
        tokens = torch.randint(0, 5, new long[] { 16 }, generator: generator).DetachFromDisposeScope();
        targets = torch.randn(new long[] { 16, 3 }, generator: generator).DetachFromDisposeScope();
    }

    public static IOptimizerRegistry Registry => SharedRegistry.Value;

    public static IEnumerable<string> Names => IntegrationOptimizers.All.Select(d => d.Name);

    public ContractModel Model { get; }

    public IReadOnlyList<Tensor> Parameters => Model.parameters().Cast<Tensor>().ToList();

    /// <summary>The optimizer the registry builds for this model, with the Trainer's decay groups and target modules.</summary>
    public Optimizer Create(string name, double learningRate = 0.01, string optimArgs = "")
    {
        var decay = new HashSet<string>(DecayGrouping.GetDecayParameterNames(Model), StringComparer.Ordinal);
        var named = Model.named_parameters().ToList();
        return Registry.Create(name, new OptimizerRequest
        {
            ParamGroups =
            [
                new ParamGroup(named.Where(p => decay.Contains(p.name)).Select(p => (Tensor)p.parameter), new Dictionary<string, object?> { ["weight_decay"] = 0.01 }),
                new ParamGroup(named.Where(p => !decay.Contains(p.name)).Select(p => (Tensor)p.parameter), new Dictionary<string, object?> { ["weight_decay"] = 0.0 }),
            ],
            LearningRate = learningRate,
            WeightDecay = 0.01,
            OptimArgs = OptimArgs.Parse(optimArgs),
            Model = Model,
            WarmupSteps = 2,
            GradientAccumulationSteps = 1,
            TargetModules = OptimTargetModules.FromList(["proj"]),
        });
    }

    /// <summary>One step as the Trainer takes it; returns the loss.</summary>
    public double TrainStep(Optimizer optimizer)
    {
        using var scope = torch.NewDisposeScope();
        if (optimizer is ITrainEvalOptimizer { IsTrainMode: false } trainEval) trainEval.Train();
        optimizer.ZeroGrad();
        var loss = Model.forward(tokens).sub(targets).square().mean();
        var value = loss.ToDouble();
        if (optimizer is IFusedBackwardOptimizer fused)
        {
            if (fused.ClipsGradNorm) fused.GradNorm(loss);
            fused.FusedBackward(loss, optimizer.ParamGroups[0].LearningRate);
        }
        else
        {
            loss.backward();
            optimizer.Step();
        }

        optimizer.ZeroGrad();
        return value;
    }

    /// <summary>Copies every parameter of <paramref name="other"/> into this model.</summary>
    public void CopyFrom(IntegrationContractProblem other)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var (mine, theirs) in Parameters.Zip(other.Parameters)) mine.copy_(theirs);
    }

    /// <summary>True when every parameter equals the other model's bit for bit.</summary>
    public bool SameParameters(IntegrationContractProblem other) => Parameters.Zip(other.Parameters).All(p => p.First.ValuesEqual(p.Second));

    public void Dispose()
    {
        Model.Dispose();
        tokens.Dispose();
        targets.Dispose();
    }
}
