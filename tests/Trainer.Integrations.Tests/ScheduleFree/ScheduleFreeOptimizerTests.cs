using Training.TorchExtensions;
using Training.Core.Tests;
using Training.Core;

namespace Training.Integrations.Tests.ScheduleFree;

/// <summary>Behaviour of the Schedule-Free optimizers outside the golden trajectories.</summary>
public class ScheduleFreeOptimizerTests
{
    private static readonly string[] Names = ["schedule_free_adamw", "schedule_free_radam", "schedule_free_sgd"];

    private static readonly double[] Initial = [0.5, -1.25, 2.0, 0.0, -0.3];

    private static double[] GradientAt(int step) =>
        Enumerable.Range(0, Initial.Length).Select(i => Math.Sin(1.7 * step + i) * (1 + 0.3 * i)).ToArray();

    private static Tensor Leaf(double[] values) =>
        torch.tensor(values, [values.Length], ScalarType.Float64).requires_grad_();

    private static void SetGradient(Tensor p, int step) => p.grad = torch.tensor(GradientAt(step), [Initial.Length], ScalarType.Float64);

    [Test]
    public void StepBeforeTrainIsRejected()
    {
        using var scope = torch.NewDisposeScope();
        var p = Leaf(Initial);
        using var optimizer = new AdamWScheduleFree([p]);
        Assert.That(optimizer.IsTrainMode, Is.False, "upstream constructs in eval mode");
        SetGradient(p, 1);
        Assert.That(() => optimizer.Step(), Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("Train()"));
        Assert.That(p.to(ScalarType.Float64).ToArray<double>(), Is.EqualTo(Initial), "nothing moved");
        Assert.That(optimizer.ParamGroups[0]["k"], Is.EqualTo(0));
    }

    [Test]
    public void AdamWWithInnerMomentumFollowsTheDocumentedRecurrence()
    {
        using var scope = torch.NewDisposeScope();
        const double lr = 0.1, beta1 = 0.9, beta2 = 0.99, eps = 1e-8, wd = 0.05, mu = 0.5, r = 1.0, power = 1.5;
        const int warmup = 2;
        var p = Leaf(Initial);
        using var optimizer = new AdamWScheduleFree([p], new AdamWScheduleFreeOptions
        {
            LearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = wd, WarmupSteps = warmup,
            R = r, WeightLrPower = power, InnerMomentum = mu,
        });
        optimizer.Train();

        // An independent float64 scalar replay of reference/integrations.md §4.4.
        var n = Initial.Length;
        var y = Initial.ToArray();
        var z = Initial.ToArray();
        var v = new double[n];
        var m = new double[n];
        double lrMax = -1, weightSum = 0;
        for (var k = 0; k < 6; k++)
        {
            var g = GradientAt(k + 1);
            var scheduled = lr * (k < warmup ? (k + 1) / (double)warmup : 1.0);
            lrMax = Math.Max(lrMax, scheduled);
            var weight = Math.Pow(k + 1, r) * Math.Pow(lrMax, power);
            weightSum += weight;
            var c = weight / weightSum;
            var normalized = new double[n];
            for (var i = 0; i < n; i++)
            {
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                m[i] = mu * m[i] + (1 - mu) * g[i];
                var d = Math.Sqrt(v[i] / (1 - Math.Pow(beta2, k + 1))) + eps;
                var gHat = m[i] / (1 - Math.Pow(mu, k + 1)) / d + wd * y[i];
                normalized[i] = gHat;
                y[i] += c * (z[i] - y[i]);
                y[i] += scheduled * (beta1 * (1 - c) - 1) * gHat;
                z[i] -= scheduled * gHat;
            }

            SetGradient(p, k + 1);
            optimizer.Step();
            Closeness.AssertClose(p.detach().ToArray<double>(), y, 1e-10, 1e-12, $"y after step {k + 1}");
            Closeness.AssertClose(p.grad!.ToArray<double>(), normalized, 1e-10, 1e-12, $"p.grad holds the normalised gradient at step {k + 1}");
            Closeness.AssertClose(optimizer.GetState(p)!.Tensor("z").ToArray<double>(), z, 1e-10, 1e-12, $"z after step {k + 1}");
            Closeness.AssertClose(optimizer.GetState(p)!.Tensor("exp_avg").ToArray<double>(), m, 1e-10, 1e-12, $"exp_avg after step {k + 1}");
            Assert.That(optimizer.ParamGroups[0]["weight_sum"], Is.EqualTo(weightSum).Within(1e-15));
        }

        optimizer.Eval();
        var x = y.Select((yi, i) => yi + (1 - 1 / beta1) * (z[i] - yi)).ToArray();
        Closeness.AssertClose(p.detach().ToArray<double>(), x, 1e-10, 1e-12, "x after Eval()");
    }

    [TestCaseSource(nameof(Names))]
    public void StateDictRoundTripContinuesBitIdentically(string name)
    {
        using var folder = new TempFolder();
        var baseline = LiveTensors.SettledCount();
        using (var scope = torch.NewDisposeScope())
        {
            var reference = Leaf(Initial);
            var inMemory = Leaf(Initial);
            var fromFile = Leaf(Initial);
            using var a = Build(name, reference);
            var b = Build(name, inMemory);
            var c = Build(name, fromFile);
            foreach (var o in new[] { a, b, c }) ((ITrainEvalOptimizer)o).Train();
            for (var step = 1; step <= 6; step++)
            {
                foreach (var (o, p) in new[] { (a, reference), (b, inMemory), (c, fromFile) })
                {
                    SetGradient(p, step);
                    o.Step();
                }

                if (step != 3) continue;
                // Mid-run: save, then restore into fresh optimizers whose groups still hold the defaults.
                var path = Path.Combine(folder.Path, "optimizer.pt");
                c.SaveStateDict(path);
                // StateDict() lends the live state tensors, so the old optimizer goes only after the load copied them.
                var saved = b.StateDict();
                var restored = Build(name, inMemory);
                restored.LoadStateDict(saved);
                b.Dispose();
                b = restored;
                c.Dispose();
                c = Build(name, fromFile);
                c.LoadStateDict(path);
                Assert.That(((ITrainEvalOptimizer)b).IsTrainMode && ((ITrainEvalOptimizer)c).IsTrainMode, Is.True, "train_mode restored");
                Assert.That(c.ParamGroups[0]["k"], Is.EqualTo(3));
                Assert.That(c.ParamGroups[0]["weight_sum"], Is.EqualTo(a.ParamGroups[0]["weight_sum"]));
                Assert.That(c.ParamGroups[0]["lr_max"], Is.EqualTo(a.ParamGroups[0]["lr_max"]));
            }

            Assert.That(inMemory.ValuesEqual(reference), Is.True, "in-memory state dict");
            Assert.That(fromFile.ValuesEqual(reference), Is.True, "state dict through optimizer.pt");
            foreach (var o in new[] { a, b, c }) ((ITrainEvalOptimizer)o).Eval();
            Assert.That(fromFile.ValuesEqual(reference), Is.True, "x after the round trip");
            b.Dispose();
            c.Dispose();
        }

        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline), "no tensor outlives its owner");
    }

    private static Optimizer Build(string name, Tensor p) => name switch
    {
        "schedule_free_adamw" => new AdamWScheduleFree([p], new AdamWScheduleFreeOptions { LearningRate = 0.05, WarmupSteps = 2, WeightDecay = 0.1, InnerMomentum = 0.3 }),
        "schedule_free_radam" => new RAdamScheduleFree([p], new RAdamScheduleFreeOptions { LearningRate = 0.05, Beta2 = 0.9, WeightDecay = 0.1 }),
        _ => new SgdScheduleFree([p], new SgdScheduleFreeOptions { LearningRate = 0.05, WarmupSteps = 2, WeightDecay = 0.1 }),
    };

    [TestCase("lr", -0.1)]
    [TestCase("weight_decay", -1.0)]
    [TestCase("eps", -1e-8)]
    [TestCase("inner_momentum", 1.0)]
    [TestCase("weight_lr_power", -2.0)]
    [TestCase("warmup_steps", -1.0)]
    [TestCase("r", double.NaN)]
    public void AdamWRejectsBadHyperparameters(string key, double value)
    {
        using var scope = torch.NewDisposeScope();
        var group = new ParamGroup([Leaf(Initial)], new Dictionary<string, object?> { [key] = value });
        Assert.That(() => new AdamWScheduleFree([group]),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo(key));
    }

    [Test]
    public void InterpolationsThatEvalCannotInvertAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        Assert.That(() => new SgdScheduleFree([Leaf(Initial)], new SgdScheduleFreeOptions { Momentum = 0 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("momentum"));
        Assert.That(() => new SgdScheduleFree([Leaf(Initial)], new SgdScheduleFreeOptions { Momentum = 1 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("momentum"));
        Assert.That(() => new RAdamScheduleFree([Leaf(Initial)], new RAdamScheduleFreeOptions { Beta1 = 0 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("betas"));
    }

    [Test]
    public void RegistryEntriesFollowTheTrainerHandlers()
    {
        using var scope = torch.NewDisposeScope();
        var weight = Leaf([1.0, 2.0, 3.0, 4.0]);
        var bias = Leaf([0.5]);
        var request = new OptimizerRequest
        {
            ParamGroups =
            [
                new ParamGroup([weight], new Dictionary<string, object?> { ["weight_decay"] = 0.01 }),
                new ParamGroup([bias], new Dictionary<string, object?> { ["weight_decay"] = 0.0 }),
            ],
            LearningRate = 3e-3, AdamBeta1 = 0.8, AdamBeta2 = 0.95, AdamEpsilon = 1e-7, WeightDecay = 0.01,
            OptimArgs = OptimArgs.Parse("weight_lr_power=1.5,r=0.5"),
            WarmupSteps = 7,
        };
        var entries = IntegrationOptimizers.All.Where(d => d.Name.StartsWith("schedule_free_", StringComparison.Ordinal)).ToDictionary(d => d.Name);
        Assert.That(entries.Keys, Is.EquivalentTo(Names));

        using var adamw = entries["schedule_free_adamw"].Factory(request, null!);
        var g0 = adamw.ParamGroups[0];
        Assert.That(adamw, Is.InstanceOf<AdamWScheduleFree>());
        Assert.That((g0.LearningRate, g0.GetPair("betas"), g0["eps"], g0["warmup_steps"], g0["weight_lr_power"], g0["r"]),
            Is.EqualTo((3e-3, (0.8, 0.95), 1e-7, 7.0, 1.5, 0.5)));
        Assert.That((g0["weight_decay"], adamw.ParamGroups[1]["weight_decay"]), Is.EqualTo((0.01, 0.0)), "decay / no-decay groups");
        Assert.That(request.ParamGroups[0].ContainsKey("k"), Is.False, "the request's groups are not modified");

        using var radam = entries["schedule_free_radam"].Factory(request, null!);
        Assert.That(radam.ParamGroups[0].ContainsKey("warmup_steps"), Is.False, "RAdam takes no warm-up");
        Assert.That(radam.ParamGroups[0]["weight_lr_power"], Is.EqualTo(1.5));

        using var sgd = entries["schedule_free_sgd"].Factory(request, null!);
        Assert.That((sgd.ParamGroups[0]["momentum"], sgd.ParamGroups[0]["warmup_steps"], sgd.ParamGroups[0].LearningRate), Is.EqualTo((0.9, 7.0, 3e-3)));
    }

    [TestCase("schedule_free_adamw", 8)]
    [TestCase("schedule_free_radam", 8)]
    [TestCase("schedule_free_sgd", 4)]
    public void StateBytesMatchTheDescriptor(string name, double bytesPerParameter)
    {
        using var scope = torch.NewDisposeScope();
        var descriptor = IntegrationOptimizers.All.Single(d => d.Name == name);
        Assert.That(descriptor.StateBytesPerParameter, Is.EqualTo(bytesPerParameter));
        var p = torch.zeros([64, 32]).requires_grad_();
        using var optimizer = descriptor.Factory(OptimizerRequest.For([p], 1e-3), null!);
        ((ITrainEvalOptimizer)optimizer).Train();
        p.grad = torch.ones([64, 32]);
        optimizer.Step();
        Assert.That(optimizer.StateBytes(), Is.EqualTo((long)(bytesPerParameter * p.numel())));
    }

    [Test]
    public void SgdWritesTheDecayedGradientIntoGrad()
    {
        using var scope = torch.NewDisposeScope();
        var p = Leaf(Initial);
        using var optimizer = new SgdScheduleFree([p], new SgdScheduleFreeOptions { LearningRate = 0.1, WeightDecay = 0.5 });
        optimizer.Train();
        SetGradient(p, 1);
        optimizer.Step();
        var expected = GradientAt(1).Select((g, i) => g + 0.5 * Initial[i]).ToArray();
        Closeness.AssertClose(p.grad!.ToArray<double>(), expected, 1e-12, 1e-15, "p.grad = g + wd·y");
    }

    [Test]
    public void PyTorchReadsTheSavedStateWithItsGroupBookkeeping()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var p = Leaf(Initial);
        using var optimizer = new AdamWScheduleFree([p], new AdamWScheduleFreeOptions { WarmupSteps = 4 });
        optimizer.Train();
        for (var step = 1; step <= 2; step++)
        {
            SetGradient(p, step);
            optimizer.Step();
        }

        optimizer.Eval();
        var path = Path.Combine(folder.Path, "optimizer.pt");
        optimizer.SaveStateDict(path);
        var output = PythonTorch.Run("""
            import sys, torch
            d = torch.load(sys.argv[1]); g = d["param_groups"][0]; s = d["state"][0]
            print(g["k"], g["train_mode"], g["warmup_steps"], g["lr_max"] == 0.0025 / 2, sorted(s), tuple(s["z"].shape))
            """, path);
        Assert.That(output.Trim(), Is.EqualTo("2.0 False 4.0 True ['exp_avg_sq', 'z'] (5,)"));
    }
}
