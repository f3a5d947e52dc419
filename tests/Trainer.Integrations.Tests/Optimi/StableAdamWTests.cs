using Training.Integrations.Tests.Support;
using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Optimi;

/// <summary>StableAdamW beyond the golden replay: the NaN-rms hazard, resume, registry parsing, validation.</summary>
[NonParallelizable]
public class StableAdamWTests
{
    /// <summary>
    /// eps = 1e-30 squares to 0 in float32, so an element with g = v = 0 gives 0/0 and the rms is NaN; Python's
    /// max(1, nan) = 1 skips the clip. The step-2 gradient is 8× the step-1 one, which would otherwise clip.
    /// </summary>
    [Test]
    public void Nan_rms_skips_the_clip_like_python_max()
    {
        double[] initial = [0.5, -1.0, 2.0, 0.25];
        double[][] grads = [[0.1, -0.2, 0.0, 0.3], [0.8, -1.6, 0.0, 2.4]];
        const double lr = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-30;
        using var scope = torch.NewDisposeScope();
        using var p = torch.tensor(initial, ScalarType.Float32).requires_grad_().DetachFromDisposeScope();
        using var optimizer = new StableAdamW([p], new StableAdamWOptions { LearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = 0 });

        // Independent expectation in double: debiased EMAs, no clip at all.
        var m = new double[4];
        var v = new double[4];
        var expected = initial.ToArray();
        for (var t = 1; t <= 2; t++)
        {
            using (var g = torch.tensor(grads[t - 1], ScalarType.Float32)) p.grad = g;
            optimizer.Step();
            var b1 = StableAdamW.DebiasBeta(beta1, t);
            var b2 = StableAdamW.DebiasBeta(beta2, t);
            for (var i = 0; i < 4; i++)
            {
                var gi = grads[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                expected[i] -= lr * m[i] / (Math.Sqrt(v[i]) + eps);
            }
        }

        var actual = p.to(ScalarType.Float64).ToArray<double>();
        Assert.That(actual.All(double.IsFinite), Is.True);
        Closeness.AssertClose(actual, expected, 1e-5, 1e-7, "unclipped trajectory");
    }

    /// <summary>The same problem with a normal eps: the step-2 spike is clipped, so the NaN case really skipped a clip.</summary>
    [Test]
    public void Large_gradient_relative_to_v_is_clipped()
    {
        using var scope = torch.NewDisposeScope();
        using var p = torch.tensor(new double[] { 0.5, -1.0, 0.25 }, ScalarType.Float32).requires_grad_().DetachFromDisposeScope();
        using var optimizer = new StableAdamW([p], new StableAdamWOptions { LearningRate = 0.01, Beta2 = 0.999, Eps = 1e-8, WeightDecay = 0 });
        using (var g = torch.tensor(new double[] { 0.1, -0.2, 0.3 }, ScalarType.Float32)) p.grad = g;
        optimizer.Step();
        using var before = p.detach().clone();
        double[] spike = [0.8, -1.6, 2.4];
        using (var g = torch.tensor(spike, ScalarType.Float32)) p.grad = g;
        optimizer.Step();

        // v after step 2 (debiased β̂2), rms = sqrt(mean(g²/v)), update = lr/rms · m/(sqrt(v)+eps).
        var b1 = StableAdamW.DebiasBeta(0.9, 2);
        var b2 = StableAdamW.DebiasBeta(0.999, 2);
        double[] g1 = [0.1, -0.2, 0.3];
        var m = g1.Select((x, i) => b1 * x + (1 - b1) * spike[i]).ToArray();
        var v = g1.Select((x, i) => b2 * x * x + (1 - b2) * spike[i] * spike[i]).ToArray();
        var rms = Math.Sqrt(spike.Select((x, i) => x * x / v[i]).Average());
        Assert.That(rms, Is.GreaterThan(1));
        var start = before.to(ScalarType.Float64).ToArray<double>();
        var expected = start.Select((x, i) => x - 0.01 / rms * m[i] / (Math.Sqrt(v[i]) + 1e-8)).ToArray();
        Closeness.AssertClose(p.to(ScalarType.Float64).ToArray<double>(), expected, 1e-5, 1e-7, "clipped step");
    }

    /// <summary>Three steps, state dict into a fresh optimizer, three more steps = six uninterrupted steps, bit for bit (bf16 + Kahan).</summary>
    [TestCase(false)]
    [TestCase(true)]
    public void State_dict_resume_continues_identically(bool viaFile)
    {
        var testCase = IntegrationGolden.Case("stable_adamw_bf16_kahan");
        var options = Runners.OptimiRunner.Options(testCase.CtorKwargs);
        var except = testCase.CtorKwargs.Keys.ToArray();
        using var scope = torch.NewDisposeScope();
        using var straight = new CaseParameters(testCase);
        using (var optimizer = new StableAdamW(straight.Groups(except), options))
        {
            for (var t = 1; t <= 6; t++)
            {
                straight.SetGradients(t);
                optimizer.Step();
            }
        }

        using var resumed = new CaseParameters(testCase);
        using (var first = new StableAdamW(resumed.Groups(except), options))
        {
            for (var t = 1; t <= 3; t++)
            {
                resumed.SetGradients(t);
                first.Step();
            }

            Assert.That(first.GetState(resumed.Weight)!.Contains("kahan_comp"), Is.True);
            using var second = new StableAdamW(resumed.Groups(except), options);
            StateTransfer.Copy(first, second, viaFile);
            Assert.That(second.ParamGroups[0]["step"], Is.EqualTo(3));
            for (var t = 4; t <= 6; t++)
            {
                resumed.SetGradients(t);
                second.Step();
            }
        }

        Assert.That(resumed.Weight.ValuesEqual(straight.Weight), Is.True, "weight");
        Assert.That(resumed.Bias.ValuesEqual(straight.Bias), Is.True, "bias");
    }

    /// <summary>
    /// The registry entry forwards lr, Adam betas/eps and weight decay, and parses the optim_args booleans as the
    /// booleans they spell (upstream's bool("False") would be True).
    /// </summary>
    [Test]
    public void Registry_entry_parses_optim_args_as_intended()
    {
        using var scope = torch.NewDisposeScope();
        using var w = torch.zeros([4, 3]).requires_grad_().DetachFromDisposeScope();
        var descriptor = IntegrationOptimizers.All.Single(d => d.Name == "stable_adamw");
        Assert.That(descriptor.StateBytesPerParameter, Is.EqualTo(8));
        var request = new OptimizerRequest
        {
            ParamGroups = [new ParamGroup([w], new Dictionary<string, object?> { ["weight_decay"] = 0.05 })],
            LearningRate = 3e-4, AdamBeta1 = 0.8, AdamBeta2 = 0.95, AdamEpsilon = 1e-7, WeightDecay = 0.05,
            OptimArgs = OptimArgs.Parse("decouple_lr=False,kahan_sum=False,max_lr=0.001"),
        };
        using var optimizer = descriptor.Factory(request, null!);
        var group = optimizer.ParamGroups[0];
        Assert.That(optimizer, Is.TypeOf<StableAdamW>());
        Assert.That(group.LearningRate, Is.EqualTo(3e-4));
        Assert.That(group.GetPair("betas"), Is.EqualTo((0.8, 0.95)));
        Assert.That(group["eps"], Is.EqualTo(1e-7));
        Assert.That(group["weight_decay"], Is.EqualTo(0.05));
        Assert.That(group.GetFlag("decouple_lr"), Is.False);
        Assert.That(group.GetValue("kahan_sum"), Is.EqualTo(false));
        Assert.That(group["max_lr"], Is.EqualTo(0.001));

        var bad = request with { OptimArgs = OptimArgs.Parse("decoupled=True") };
        Assert.That(() => descriptor.Factory(bad, null!), Throws.InstanceOf<ArgumentBindingException>().With.Message.Contains("decoupled"));
    }

    /// <summary>decouple_lr without max_lr decays by (lr_t / lr)·wd: with no clip and lr_t = lr that is a factor (1 − wd).</summary>
    [Test]
    public void Decouple_lr_defaults_max_lr_to_lr()
    {
        using var scope = torch.NewDisposeScope();
        using var p = torch.tensor(new double[] { 1.0, -2.0 }, ScalarType.Float32).requires_grad_().DetachFromDisposeScope();
        using var optimizer = new StableAdamW([p], new StableAdamWOptions { LearningRate = 0.5, WeightDecay = 0.1, DecoupleLr = true });
        Assert.That(optimizer.ParamGroups[0]["max_lr"], Is.EqualTo(0.5));
        using (var g = torch.tensor(new double[] { 0.0, 0.0 }, ScalarType.Float32)) p.grad = g;
        optimizer.Step();
        Closeness.AssertClose(p.to(ScalarType.Float64).ToArray<double>(), [0.9, -1.8], 1e-6, 0, "decay only");
    }

    /// <summary>Out-of-range hyperparameters are rejected naming the key.</summary>
    [TestCase("eps", -1.0)]
    [TestCase("lr", -0.1)]
    [TestCase("weight_decay", -0.01)]
    [TestCase("max_lr", -1.0)]
    public void Invalid_hyperparameters_are_rejected(string key, double value)
    {
        using var w = torch.zeros(3).requires_grad_();
        var group = new ParamGroup([w], new Dictionary<string, object?> { [key] = value });
        Assert.That(() => new StableAdamW([group], new StableAdamWOptions { LearningRate = 1e-3 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(key));
    }
}
