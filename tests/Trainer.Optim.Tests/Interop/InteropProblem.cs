using Microsoft.Extensions.DependencyInjection;

namespace Training.Optim.Tests.Interop;

/// <summary>
/// The problem of the PyTorch interop tests: a 4x3 weight (decayed group) and a bias (no-decay group), least squares
/// on fixed data that PyTorch rebuilds from the same seed, so both sides step on the same gradients.
/// </summary>
internal sealed class InteropProblem : IDisposable
{
    private static readonly Lazy<IOptimizerRegistry> SharedRegistry = new(() =>
        new ServiceCollection().AddBuiltInOptimizers().BuildServiceProvider().GetRequiredService<IOptimizerRegistry>());

    private readonly Tensor inputs;
    private readonly Tensor targets;

    public InteropProblem(int seed = 0)
    {
        using var generator = new Generator((ulong)seed);
        Weight = torch.randn(new long[] { 4, 3 }, generator: generator).requires_grad_().DetachFromDisposeScope();
        Bias = torch.randn(new long[] { 3 }, generator: generator).requires_grad_().DetachFromDisposeScope();
        inputs = torch.randn(new long[] { 8, 4 }, generator: generator).DetachFromDisposeScope();
        targets = torch.randn(new long[] { 8, 3 }, generator: generator).DetachFromDisposeScope();
    }

    public static IOptimizerRegistry Registry => SharedRegistry.Value;

    public static IEnumerable<string> Names => Registry.Descriptors.Select(d => d.Name);

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public Tensor[] Parameters => [Weight, Bias];

    public IReadOnlyList<ParamGroup> Groups() =>
        [new ParamGroup([Weight], new Dictionary<string, object?> { ["weight_decay"] = 0.01 }), new ParamGroup([Bias], new Dictionary<string, object?> { ["weight_decay"] = 0.0 })];

    public Optimizer Create(string name) =>
        Registry.Create(name, new OptimizerRequest { ParamGroups = Groups(), LearningRate = 0.01, WeightDecay = 0.01 });

    /// <summary>The loss; with <paramref name="backward"/> its gradients are accumulated into the parameters.</summary>
    public Tensor Loss(bool backward = true)
    {
        var loss = inputs.matmul(Weight).add(Bias).sub(targets).square().mean();
        if (backward) loss.backward();
        return loss;
    }

    /// <summary>One training step: fresh gradients, then the update.</summary>
    public void TrainStep(Optimizer optimizer)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.ZeroGrad();
        Loss();
        optimizer.Step();
    }

    /// <summary>A copy of this problem's current parameters and data (same seed, then the values copied).</summary>
    public InteropProblem Clone()
    {
        var copy = new InteropProblem();
        using (torch.no_grad())
        {
            copy.Weight.copy_(Weight);
            copy.Bias.copy_(Bias);
        }

        return copy;
    }

    public void Dispose()
    {
        Weight.Dispose();
        Bias.Dispose();
        inputs.Dispose();
        targets.Dispose();
    }
}
