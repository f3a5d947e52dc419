using Training.Integrations.Tests.Support;
using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Grok;

/// <summary>GrokAdamW beyond the golden replay: state surviving a checkpoint, the grokking signal, the registry entry.</summary>
[NonParallelizable]
public class GrokAdamWTests
{
    private static GrokAdamW Create(CaseParameters parameters) => new(parameters.Groups());

    /// <summary>
    /// Three steps, state dict into a fresh optimizer, three more = six uninterrupted steps exactly (upstream loses
    /// exp_avg/exp_avg_sq/grok_ema on resume; here they are ordinary state).
    /// </summary>
    [TestCase(false)]
    [TestCase(true)]
    public void State_survives_a_checkpoint(bool viaFile)
    {
        var testCase = IntegrationGolden.Case("grokadamw");
        using var scope = torch.NewDisposeScope();
        using var straight = new CaseParameters(testCase);
        using (var optimizer = Create(straight))
        {
            for (var t = 1; t <= 6; t++)
            {
                straight.SetGradients(t);
                optimizer.Step();
            }
        }

        using var resumed = new CaseParameters(testCase);
        using (var first = Create(resumed))
        {
            for (var t = 1; t <= 3; t++)
            {
                resumed.SetGradients(t);
                first.Step();
            }

            using var second = Create(resumed);
            StateTransfer.Copy(first, second, viaFile);
            var state = second.GetState(resumed.Weight)!;
            Assert.That(state.Step, Is.EqualTo(3));
            Assert.That(state.Tensor("grok_ema").ValuesEqual(first.GetState(resumed.Weight)!.Tensor("grok_ema")), Is.True);
            for (var t = 4; t <= 6; t++)
            {
                resumed.SetGradients(t);
                second.Step();
            }
        }

        Assert.That(resumed.Weight.ValuesEqual(straight.Weight), Is.True, "weight");
        Assert.That(resumed.Bias.ValuesEqual(straight.Bias), Is.True, "bias");
    }

    /// <summary>The signal from group losses is max(0, eval − train)/max(eval, train); 0 when either is missing.</summary>
    [Test]
    public void Grokking_signal_from_group_losses()
    {
        using var w = torch.zeros(2).requires_grad_();
        var group = new ParamGroup([w], new Dictionary<string, object?> { ["train_loss"] = 1.0, ["eval_loss"] = 4.0 });
        using var optimizer = new GrokAdamW([group]);
        Assert.That(optimizer.GrokkingSignal(optimizer.ParamGroups[0]), Is.EqualTo(0.75));
        optimizer.ParamGroups[0].SetValue("eval_loss", 0.5);
        Assert.That(optimizer.GrokkingSignal(optimizer.ParamGroups[0]), Is.EqualTo(0.0));
        optimizer.ParamGroups[0].SetValue("eval_loss", null);
        Assert.That(optimizer.GrokkingSignal(optimizer.ParamGroups[0]), Is.EqualTo(0.0));
    }

    /// <summary>Signal functions: the mean of the non-null results; a throwing function is ignored; none → null.</summary>
    [Test]
    public void Grokking_signal_from_functions()
    {
        using var w = torch.zeros(2).requires_grad_();
        Func<double?>[] functions = [() => 0.2, () => null, () => throw new InvalidOperationException("no loss yet"), () => 0.6];
        using var optimizer = new GrokAdamW([w], new GrokAdamWOptions { GrokkingSignalFunctions = functions });
        Assert.That(optimizer.GrokkingSignal(optimizer.ParamGroups[0]), Is.EqualTo(0.4).Within(1e-15));
        using var silent = new GrokAdamW([w], new GrokAdamWOptions { GrokkingSignalFunctions = [() => null] });
        Assert.That(silent.GrokkingSignal(silent.ParamGroups[0]), Is.Null);
    }

    /// <summary>
    /// One step on a single parameter (position 0, so β1 is not decayed) against a hand computation with a signal:
    /// clip to norm c, α = alpha_init·exp(−rate·s), ema, amplified gradient, Adam step with bias correction.
    /// </summary>
    [Test]
    public void One_step_matches_hand_computation_with_signal()
    {
        double[] initial = [0.3, -0.7, 1.1];
        double[] grad = [3.0, -4.0, 0.0]; // norm 5 → clipped to norm 1
        const double lr = 0.01, wd = 0.1, lamb = 2.0, alphaInit = 0.98, rate = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        using var scope = torch.NewDisposeScope();
        using var p = torch.tensor(initial, ScalarType.Float32).requires_grad_().DetachFromDisposeScope();
        var group = new ParamGroup([p], new Dictionary<string, object?> { ["weight_decay"] = wd, ["train_loss"] = 1.0, ["eval_loss"] = 2.0 });
        using var optimizer = new GrokAdamW([group], new GrokAdamWOptions { LearningRate = lr });
        using (var g = torch.tensor(grad, ScalarType.Float32)) p.grad = g;
        optimizer.Step();

        var alpha = alphaInit * Math.Exp(-rate * 0.5);
        var coefficient = Math.Min(1, 1.0 / (5.0 + 1e-6));
        var expected = initial.Select((x, i) =>
        {
            var gi = grad[i] * coefficient;
            var ema = (1 - alpha) * gi;
            var amplified = gi + lamb * ema;
            var m = (1 - b1) * amplified;
            var v = (1 - b2) * amplified * amplified;
            var stepSize = lr * Math.Sqrt(1 - b2) / (1 - b1);
            return x * (1 - lr * wd) - stepSize * m / (Math.Sqrt(v) + eps);
        }).ToArray();
        Closeness.AssertClose(p.to(ScalarType.Float64).ToArray<double>(), expected, 1e-5, 1e-7, "one step");
        Closeness.AssertClose(p.grad!.to(ScalarType.Float64).ToArray<double>(), grad.Select(x => x * coefficient).ToArray(), 1e-6, 1e-7, "clipped grad in place");
    }

    /// <summary>
    /// β1 decays with the position among the group's parameters that have a gradient: the second of two gets
    /// β1·(1 − γ), unless the first has no gradient (then it is position 0).
    /// </summary>
    [TestCase(true, 0.9 * 0.9)]
    [TestCase(false, 0.9)]
    public void First_moment_decay_depends_on_position_among_parameters_with_gradients(bool firstHasGradient, double expectedBeta1)
    {
        using var scope = torch.NewDisposeScope();
        using var a = torch.tensor(new double[] { 0.1, 0.2 }, ScalarType.Float32).requires_grad_().DetachFromDisposeScope();
        using var b = torch.tensor(new double[] { 0.1, 0.2 }, ScalarType.Float32).requires_grad_().DetachFromDisposeScope();
        using var optimizer = new GrokAdamW([new ParamGroup([a, b], new Dictionary<string, object?> { ["weight_decay"] = 0.0 })],
            new GrokAdamWOptions { GradientClipping = 0 });
        double[] grad = [0.5, -0.25];
        if (firstHasGradient) using (var g = torch.tensor(grad, ScalarType.Float32)) a.grad = g;
        using (var g = torch.tensor(grad, ScalarType.Float32)) b.grad = g;
        optimizer.Step();

        // ema = (1 − α)·g, g̃ = g + λ·ema, m = (1 − β1_i)·g̃.
        var expected = grad.Select(x => (1 - expectedBeta1) * (x + 2.0 * (1 - 0.98) * x)).ToArray();
        Closeness.AssertClose(optimizer.GetState(b)!.Tensor("exp_avg").to(ScalarType.Float64).ToArray<double>(), expected, 1e-6, 1e-9, "exp_avg of the second parameter");
    }

    /// <summary>The registry entry takes lr and the five optim_args floats, keeps betas/eps at class defaults, decay from the groups.</summary>
    [Test]
    public void Registry_entry_forwards_trainer_arguments()
    {
        using var scope = torch.NewDisposeScope();
        using var w = torch.zeros([4, 3]).requires_grad_().DetachFromDisposeScope();
        var descriptor = IntegrationOptimizers.All.Single(d => d.Name == "grokadamw");
        Assert.That(descriptor.StateBytesPerParameter, Is.EqualTo(12));
        var request = new OptimizerRequest
        {
            ParamGroups = [new ParamGroup([w], new Dictionary<string, object?> { ["weight_decay"] = 0.05 })],
            LearningRate = 3e-4, AdamBeta1 = 0.8, AdamBeta2 = 0.95, AdamEpsilon = 1e-6, WeightDecay = 0.05,
            OptimArgs = OptimArgs.Parse("alpha_init=0.9,lamb=1.5,gamma=0.2,grokking_signal_decay_rate=0.3,gradient_clipping=0.5"),
        };
        using var optimizer = descriptor.Factory(request, null!);
        var group = optimizer.ParamGroups[0];
        Assert.That(group.LearningRate, Is.EqualTo(3e-4));
        Assert.That(group.GetPair("betas"), Is.EqualTo((0.9, 0.999)));
        Assert.That(group["eps"], Is.EqualTo(1e-8));
        Assert.That(group["weight_decay"], Is.EqualTo(0.05));
        Assert.That(group["alpha_init"], Is.EqualTo(0.9));
        Assert.That(group["lamb"], Is.EqualTo(1.5));
        Assert.That(group["gamma"], Is.EqualTo(0.2));
        Assert.That(group["grokking_signal_decay_rate"], Is.EqualTo(0.3));
        Assert.That(group["gradient_clipping"], Is.EqualTo(0.5));
        Assert.That(() => descriptor.Factory(request with { OptimArgs = OptimArgs.Parse("betas=0.5") }, null!),
            Throws.InstanceOf<ArgumentBindingException>());
    }

    /// <summary>Out-of-range hyperparameters are rejected naming the key.</summary>
    [TestCase("alpha_init", 1.5)]
    [TestCase("gamma", -0.1)]
    [TestCase("gradient_clipping", -1.0)]
    [TestCase("eps", -1e-8)]
    public void Invalid_hyperparameters_are_rejected(string key, double value)
    {
        using var w = torch.zeros(3).requires_grad_();
        var group = new ParamGroup([w], new Dictionary<string, object?> { [key] = value });
        Assert.That(() => new GrokAdamW([group]),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(key));
    }
}
