using Training.TorchExtensions;
namespace Training.Schedulers.Tests.Transformers;

/// <summary>
/// The optimizer every hf_schedules.json case uses: <c>torch.optim.SGD([{params: [p0]}, {params: [p1], lr: 5e-4}], lr=1e-3)</c>,
/// with gradients set so <c>optimizer.step()</c> really updates.
/// </summary>
internal sealed class GoldenOptimizer : IDisposable
{
    public const double DefaultsLr = 1e-3;
    public const double Group1Lr = 5e-4;

    private readonly Tensor p0;
    private readonly Tensor p1;

    public GoldenOptimizer()
    {
        p0 = torch.ones(3).requires_grad_().DetachFromDisposeScope();
        p1 = torch.ones(2).requires_grad_().DetachFromDisposeScope();
        using (var g0 = torch.full([3], Scalars.Keep(0.5))) p0.grad = g0;
        using (var g1 = torch.full([2], Scalars.Keep(-0.25))) p1.grad = g1;
        Sgd = new Sgd([new ParamGroup([p0]), new ParamGroup([p1], new Dictionary<string, object?> { ["lr"] = Group1Lr })],
            new SgdOptions { LearningRate = DefaultsLr });
    }

    public Sgd Sgd { get; }

    public double[] GroupLrs() => Sgd.ParamGroups.Select(g => g.LearningRate).ToArray();

    public void Dispose()
    {
        Sgd.Dispose();
        p0.Dispose();
        p1.Dispose();
    }
}
