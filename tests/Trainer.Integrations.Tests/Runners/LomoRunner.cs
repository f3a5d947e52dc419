using Training.Integrations.Tests.Golden;
using TorchSharp.Modules;

namespace Training.Integrations.Tests.Runners;

/// <summary>
/// OpenLMLab/LOMO (Lomo, AdaLomo): a tiny module holding the case's weight and bias as parameters (named weight
/// then bias, sharing the case tensors' storage), a loss Σ p·g whose backward yields exactly the stored gradients,
/// <c>GradNorm</c> first when the case clips by norm (its <c>clip_coef</c> compared), then
/// <c>FusedBackward(loss, lr)</c>; parameters and state compared after every step.
/// </summary>
public sealed class LomoRunner : IGoldenCaseRunner
{
    /// <inheritdoc/>
    public bool Accepts(IntegrationCase testCase) =>
        testCase.Repository == "OpenLMLab/LOMO" && testCase.Class is "Lomo" or "AdaLomo";

    /// <inheritdoc/>
    public void Run(IntegrationCase testCase)
    {
        using var scope = torch.NewDisposeScope();
        using var parameters = new CaseParameters(testCase);
        using var model = new TinyModel(parameters.Weight, parameters.Bias);
        var kwargs = testCase.CtorKwargs;
        double? Number(string key) => kwargs.GetValueOrDefault(key) as double?;
        var lr = Number("lr") ?? 1e-3;
        var adaDefaults = new AdaLomoOptions();
        var eps = kwargs.GetValueOrDefault("eps") as double[] ?? [adaDefaults.Eps1, adaDefaults.Eps2];
        using FusedBackwardOptimizer optimizer = testCase.Class == "Lomo"
            ? new Lomo(model, new LomoOptions
            {
                LearningRate = lr, ClipGradNorm = Number("clip_grad_norm"), ClipGradValue = Number("clip_grad_value"),
                WeightDecay = Number("weight_decay") ?? 0,
            })
            : new AdaLomo(model, adaDefaults with
            {
                LearningRate = lr, ClipGradNorm = Number("clip_grad_norm"), ClipGradValue = Number("clip_grad_value"),
                WeightDecay = Number("weight_decay") ?? 0, LossScale = Number("loss_scale") ?? adaDefaults.LossScale,
                ClipThreshold = Number("clip_threshold") ?? adaDefaults.ClipThreshold, DecayRate = Number("decay_rate") ?? adaDefaults.DecayRate,
                Eps1 = eps[0], Eps2 = eps[1],
            });

        var steps = testCase.Steps.Count > 0 ? testCase.Steps.Select(s => (int)s["step"]!).ToList() : Enumerable.Range(1, testCase.Problem.Steps).ToList();
        using var initial = parameters.Weight.detach().clone();
        foreach (var step in steps)
        {
            var record = testCase.Steps.FirstOrDefault(s => (int)s["step"]! == step);
            var what = $"{testCase.Name} step {step}";
            using (torch.NewDisposeScope())
            {
                var loss = model.Loss(parameters.Gradient(step, "weight"), parameters.Gradient(step, "bias"));
                if (optimizer.ClipsGradNorm) optimizer.GradNorm(loss);
                optimizer.FusedBackward(loss, lr);
            }

            Assert.That(model.Weight.grad is null && model.Bias.grad is null, Is.True, $"{what}: a gradient survived FusedBackward");
            if (record is null) continue;
            if (record["clip_coef"] is { } coefficient)
                Assert.That(optimizer.ClipCoefficient, Is.EqualTo((double)coefficient).Within(1e-6), $"{what}: clip_coef");
            CaseAssert.Parameters(parameters, record, what);
            CaseAssert.State(record, name => optimizer.GetState(model[name]), what);
        }

        if (testCase.Steps.Count == 0)
            Assert.That(parameters.Weight.ValuesEqual(initial), Is.False, $"{testCase.Name}: the weight did not move");
    }

    /// <summary>The reference's TinyModel: parameters <c>weight</c> then <c>bias</c>.</summary>
    private sealed class TinyModel : torch.nn.Module
    {
        public TinyModel(Tensor weight, Tensor bias) : base(nameof(TinyModel))
        {
            // new Parameter(t) takes over t's handle: wrap views sharing the case's storages, so the case's tensors
            // stay valid and see every in-place update the optimizer makes.
            register_parameter("weight", new Parameter(weight.detach()));
            register_parameter("bias", new Parameter(bias.detach()));
        }

        public Tensor Weight => get_parameter("weight")!;

        public Tensor Bias => get_parameter("bias")!;

        public Tensor this[string name] => get_parameter(name)!;

        public Tensor Loss(Tensor weightGradient, Tensor biasGradient) =>
            Weight.mul(weightGradient).sum().add(Bias.mul(biasGradient).sum());
    }
}
