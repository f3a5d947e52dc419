using TorchSharp;
using Training.Optim;
using Training.TorchExtensions;
using static TorchSharp.torch;

namespace Training.Testing.Contract;

/// <summary>
/// A small least-squares problem on <see cref="ContractModel"/>: fixed token ids and targets, mean squared error. A step
/// is taken the way the Trainer takes it: a Schedule-Free optimizer is switched to train mode first, an optimizer that
/// updates inside backward (<see cref="IFusedBackwardOptimizer"/>) gets the loss and group 0's learning rate instead of
/// <c>loss.backward()</c> and <c>Step()</c>, and the gradients are dropped afterwards. Two problems with the same seed,
/// size and dtype start identical.
/// </summary>
public sealed class ContractProblem : IDisposable
{
    /// <summary>Token ids run from 0 to this (exclusive); the batch holds each once.</summary>
    public const long Vocabulary = 16;

    /// <summary>Outputs per token.</summary>
    public const long Outputs = 3;

    /// <summary>
    /// Tokens in the full batch (an even number: accumulation splits it in two). Every token once, so the embedded
    /// inputs span the width and <c>proj.weight</c>'s gradient has full rank: a rank-deficient gradient would leave
    /// GaLore's basis for the null directions to float32 noise, and steps that differ only in summation order apart.
    /// </summary>
    public const long BatchSize = Vocabulary;

    /// <summary>The weight decay of the decay group, as the Trainer's groups carry it.</summary>
    public const double WeightDecay = 0.01;

    private readonly Tensor tokens;
    private readonly Tensor targets;

    /// <summary>Creates the model (float32 unless <paramref name="dtype"/> says otherwise) and its data.</summary>
    public ContractProblem(int seed = 0, long width = 12, long hidden = 10, ScalarType dtype = ScalarType.Float32)
    {
        Model = new ContractModel(seed, width, hidden);
        if (dtype != ScalarType.Float32) Model.to(dtype);
        using var generator = new Generator((ulong)seed + 100);
        tokens = torch.randperm(Vocabulary, generator: generator).DetachFromDisposeScope();
        using var target = torch.randn([BatchSize, Outputs], generator: generator);
        targets = target.to(dtype).DetachFromDisposeScope();
        // Held once: TorchSharp's native Embedding hands out a new wrapper per access, each a live tensor.
        Parameters = Model.parameters().Select(p => (Tensor)p).ToList();
    }

    /// <summary>The model.</summary>
    public ContractModel Model { get; }

    /// <summary>Every parameter, in <c>parameters()</c> order (wrappers held for the problem's lifetime).</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>
    /// The request the Trainer would build: its decay / no-decay groups, the learning rate, the model, two warm-up steps,
    /// no accumulation and <c>proj</c> as the low-rank target.
    /// </summary>
    public OptimizerRequest Request(double learningRate = 0.01, string optimArgs = "") => new()
    {
        ParamGroups = DecayGrouping.CreateGroups(Model, WeightDecay),
        LearningRate = learningRate,
        WeightDecay = WeightDecay,
        OptimArgs = OptimArgs.Parse(optimArgs),
        Model = Model,
        WarmupSteps = 2,
        GradientAccumulationSteps = 1,
        TargetModules = OptimTargetModules.FromList(["proj"]),
    };

    /// <summary>The loss of the full batch, without gradients.</summary>
    public double Loss()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        return LossOf(0, BatchSize).ReadDouble();
    }

    /// <summary>The loss of tokens [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>), with a graph.</summary>
    public Tensor LossOf(long start, long count) =>
        Model.forward(tokens.narrow(0, start, count)).sub(targets.narrow(0, start, count)).square().mean();

    /// <summary>One full-batch step as the Trainer takes it; returns the loss before the update.</summary>
    public double TrainStep(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        using var scope = torch.NewDisposeScope();
        EnterTrainMode(optimizer);
        optimizer.ZeroGrad();
        var loss = LossOf(0, BatchSize);
        var value = loss.ReadDouble();
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

    /// <summary>
    /// One update from <paramref name="microBatches"/> equal slices of the batch, each loss scaled by 1/<paramref name="microBatches"/>
    /// and its gradient accumulated, as the Trainer accumulates. Not for optimizers that update inside backward.
    /// </summary>
    public void AccumulatedStep(Optimizer optimizer, int microBatches)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (optimizer is IFusedBackwardOptimizer)
            throw new InvalidOperationException($"{optimizer.Name} updates inside backward and cannot accumulate gradients");
        using var scope = torch.NewDisposeScope();
        EnterTrainMode(optimizer);
        optimizer.ZeroGrad();
        var size = BatchSize / microBatches;
        for (var i = 0; i < microBatches; i++) LossOf(i * size, size).div(Scalars.Keep(microBatches)).backward();
        optimizer.Step();
        optimizer.ZeroGrad();
    }

    /// <summary>Switches a Schedule-Free style optimizer to its training point, as the Trainer does before every step.</summary>
    public static void EnterTrainMode(Optimizer optimizer)
    {
        if (optimizer is ITrainEvalOptimizer { IsTrainMode: false } trainEval) trainEval.Train();
    }

    /// <summary>Copies of the parameters' current values.</summary>
    public IReadOnlyList<Tensor> Snapshot()
    {
        using var noGrad = torch.no_grad();
        return Parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToList();
    }

    /// <summary>Copies every parameter of <paramref name="other"/> into this model.</summary>
    public void CopyFrom(ContractProblem other)
    {
        ArgumentNullException.ThrowIfNull(other);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var (mine, theirs) in Parameters.Zip(other.Parameters)) mine.copy_(theirs);
    }

    /// <summary>True when every parameter equals the other model's bit for bit.</summary>
    public bool SameParameters(ContractProblem other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Parameters.Zip(other.Parameters).All(p => p.First.ValuesEqual(p.Second));
    }

    /// <summary>The largest absolute difference between the parameters of the two models.</summary>
    public double MaxDifference(ContractProblem other)
    {
        ArgumentNullException.ThrowIfNull(other);
        using var scope = torch.NewDisposeScope();
        return Parameters.Zip(other.Parameters).Max(p => p.First.to(ScalarType.Float64).sub(p.Second.to(ScalarType.Float64)).abs().max().ReadDouble());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var p in Parameters) p.grad = null;
        Model.Dispose();
        // The embedding's wrapper is ours, not the module's; disposing a module's own parameter twice is harmless.
        foreach (var p in Parameters) p.Dispose();
        tokens.Dispose();
        targets.Dispose();
    }
}
