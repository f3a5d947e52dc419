using Training.Core.Tests;
using Training.Integrations.Tests.Support;
using Training.Core;
using Training.TorchExtensions;

namespace Training.Integrations.Tests.FusedBackward;

/// <summary>LOMO / AdaLomo on real models: gradient lifetimes, exactness against plain SGD, state round trip, errors, Trainer.</summary>
[NonParallelizable]
public class LomoTests
{
    private static Batch Data(int count = 16, int seed = 7) => DeepMlp.Collate(DeepMlp.Examples(count, seed));

    // LOMO's update through the same machinery, counting at each update how many gradients are alive (the one being
    // applied, already taken off its parameter, plus every parameter still holding one).
    private sealed class ProbingSgd(torch.nn.Module model) : FusedBackwardOptimizer(model, new LomoOptions { LearningRate = 0.05 })
    {
        private readonly List<Tensor> all = model.parameters().Cast<Tensor>().ToList();

        public int Peak { get; private set; }
        public int Updates { get; private set; }
        public override string Name => nameof(ProbingSgd);

        protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state) { }

        protected override void UpdateParameter(string name, Tensor parameter, Tensor gradient)
        {
            Updates++;
            Peak = Math.Max(Peak, 1 + all.Count(q =>
            {
                using var g = q.grad;
                return g is not null;
            }));
            parameter.add_(gradient, Scalars.Keep(-CurrentLearningRate));
        }
    }

    [Test]
    public void FusedBackwardHoldsOneModulesGradientsAtATimeAndLeavesNone()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new DeepMlp(depth: 8);
        var parameters = model.parameters().Cast<Tensor>().ToList();
        using var optimizer = new ProbingSgd(model);
        using var batch = Data();
        for (var step = 0; step < 3; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            optimizer.FusedBackward(model.forward(batch), 0.05);
            Assert.That(parameters.All(p =>
            {
                using var g = p.grad;
                return g is null;
            }), Is.True, "no gradient survives FusedBackward");
        }

        Assert.That(parameters, Has.Count.EqualTo(16));
        Assert.That(optimizer.Updates, Is.EqualTo(3 * 16), "every parameter updated once per step");
        // One Linear's weight and bias (layers 7..1 inside backward, layer0, fed data, right after it); a plain
        // backward would hold all 16.
        TestContext.Out.WriteLine($"peak live gradients: {optimizer.Peak} of {parameters.Count}");
        Assert.That(optimizer.Peak, Is.EqualTo(2));
    }

    [Test]
    public void FusedUpdatesEqualPlainSgdAndDecoupledDecayOnADeepModel()
    {
        using var scope = torch.NewDisposeScope();
        using var fused = new DeepMlp(depth: 6);
        using var plain = new DeepMlp(depth: 6);
        plain.CopyFrom(fused);
        const double lr = 0.05, wd = 0.1, clipValue = 0.05;
        using var optimizer = new Lomo(fused, new LomoOptions { LearningRate = lr, WeightDecay = wd, ClipGradValue = clipValue });
        for (var step = 0; step < 4; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            using var batch = Data(seed: 7 + step);
            optimizer.FusedBackward(fused.forward(batch), lr);
            plain.forward(batch).backward();
            using (torch.no_grad())
            {
                foreach (var p in plain.parameters())
                {
                    using var g = p.grad!;
                    p.mul_(Scalars.Keep(1 - lr * wd)).add_(g.clamp(Scalars.Keep(-clipValue), Scalars.Keep(clipValue)), Scalars.Keep(-lr));
                    p.grad = null;
                }
            }
        }

        foreach (var ((name, a), b) in fused.named_parameters().Zip(plain.parameters()))
            Closeness.AssertClose(a.to(ScalarType.Float64).ToArray<double>(), b.to(ScalarType.Float64).ToArray<double>(), 1e-6, 1e-7, name);
    }

    [Test]
    public void Bfloat16ParametersAreUpdatedInFloat32AndRoundedOnce()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var fused = torch.nn.Sequential(torch.nn.Linear(4, 6, dtype: ScalarType.BFloat16), torch.nn.Linear(6, 1, dtype: ScalarType.BFloat16));
        torch.manual_seed(3);
        using var plain = torch.nn.Sequential(torch.nn.Linear(4, 6, dtype: ScalarType.BFloat16), torch.nn.Linear(6, 1, dtype: ScalarType.BFloat16));
        const double lr = 0.5, wd = 0.2;
        using var optimizer = new Lomo(fused, new LomoOptions { LearningRate = lr, WeightDecay = wd });
        using var x = torch.randn([8, 4]).to(ScalarType.BFloat16);
        optimizer.FusedBackward(fused.forward(x).square().sum(), lr);
        plain.forward(x).square().sum().backward();
        using (torch.no_grad())
            foreach (var p in plain.parameters())
            {
                using var g = p.grad!;
                // The reference: p32 = p.float(); p32 *= 1 − lr·wd; p32 −= lr·g.float(); p.copy_(p32) — one rounding.
                var master = p.to(ScalarType.Float32).mul_(Scalars.Keep(1 - lr * wd)).add_(g.to(ScalarType.Float32), Scalars.Keep(-lr));
                p.copy_(master);
            }

        foreach (var ((name, a), b) in fused.named_parameters().Zip(plain.parameters()))
        {
            Assert.That(a.dtype, Is.EqualTo(ScalarType.BFloat16));
            Assert.That(a.ValuesEqual(b), Is.True, name);
        }
    }

    [Test]
    public void GradNormMeasuresTheTotalNormAndClipsLikeClipGradNorm()
    {
        using var scope = torch.NewDisposeScope();
        using var fused = new DeepMlp(depth: 4);
        using var plain = new DeepMlp(depth: 4);
        plain.CopyFrom(fused);
        using var optimizer = new Lomo(fused, new LomoOptions { LearningRate = 0.1, ClipGradNorm = 0.01 });
        using var batch = Data();
        Assert.That(optimizer.ClipsGradNorm, Is.True);
        var loss = fused.forward(batch);
        var total = optimizer.GradNorm(loss);
        optimizer.FusedBackward(loss, 0.1);

        plain.forward(batch).backward();
        var parameters = plain.parameters().Cast<Tensor>().ToList();
        var expected = GradientClipping.ClipGradNorm(parameters, 0.01);
        using (torch.no_grad())
            foreach (var p in parameters)
            {
                using var g = p.grad!;
                p.add_(g, Scalars.Keep(-0.1));
            }

        Assert.That(total, Is.EqualTo(expected).Within(1e-5 * expected));
        Assert.That(optimizer.ClipCoefficient!.Value, Is.EqualTo(0.01 / (expected + 1e-6)).Within(1e-6));
        foreach (var ((name, a), b) in fused.named_parameters().Zip(plain.parameters()))
            Closeness.AssertClose(a.to(ScalarType.Float64).ToArray<double>(), b.to(ScalarType.Float64).ToArray<double>(), 1e-5, 1e-7, name);
    }

    [Test]
    public void AdaLomoStateDictRoundTripContinuesBitIdentically([Values] bool viaFile)
    {
        using var scope = torch.NewDisposeScope();
        var baseline = LiveTensors.SettledCount();
        var parametersCreated = 0;
        using (var original = new DeepMlp(depth: 3))
        using (var resumed = new DeepMlp(depth: 3))
        {
            parametersCreated = original.parameters().Count() + resumed.parameters().Count();
            using var first = new AdaLomo(original, new AdaLomoOptions { LearningRate = 0.01, WeightDecay = 0.1, ClipGradValue = 1.0 });
            void Step(DeepMlp model, AdaLomo optimizer, int seed)
            {
                using var stepScope = torch.NewDisposeScope();
                using var batch = Data(seed: seed);
                optimizer.FusedBackward(model.forward(batch), 0.01);
            }

            for (var s = 0; s < 3; s++) Step(original, first, s);
            resumed.CopyFrom(original);
            using var second = new AdaLomo(resumed, 0.01);
            StateTransfer.Copy(first, second, viaFile);

            Assert.That(second.StepNumber, Is.EqualTo(3));
            Assert.That(second.Group()["weight_decay"], Is.EqualTo(0.1));
            for (var s = 3; s < 6; s++)
            {
                Step(original, first, s);
                Step(resumed, second, s);
            }

            // On libtorch 1.13 this was bit-identical. On TorchSharp/libtorch 2.10 one weight and its factored second
            // moments differ by one float32 ulp after the round trip (measured: 9.3e-10 on weights of magnitude 0.36,
            // 1.9e-9 on exp_avg_sq*), not reproducible with OMP_NUM_THREADS=1 or MKL_CBWR=COMPATIBLE either way; the
            // root cause is open (see the Engine issue's note), so the comparison allows 1e-6 relative, no more.
            foreach (var ((name, a), b) in original.named_parameters().Zip(resumed.parameters()))
                Assert.That(a.allclose(b, rtol: 1e-6, atol: 1e-9), Is.True, $"{name} after resuming");
            foreach (var (a, b) in original.parameters().Zip(resumed.parameters()))
            {
                var (sa, sb) = (first.GetState(a)!, second.GetState(b)!);
                foreach (var (key, value) in sa.Entries)
                    Assert.That(((Tensor)value).allclose(sb.Tensor(key), rtol: 1e-6, atol: 1e-8), Is.True, key);
            }
        }

        scope.Dispose();
        // TorchSharp leaves a moved-from wrapper in Tensor.TotalCount for every Parameter it creates (measured: +1 per
        // parameter, even after the module is disposed); everything else must be gone.
        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline + parametersCreated), "no tensor leaked");
    }

    [Test]
    public void AdaLomoStateIsFactoredForMatricesAndFullForVectors()
    {
        using var model = new DeepMlp(depth: 2, width: 8);
        using var optimizer = new AdaLomo(model, 0.01);
        var weight = model.named_parameters().First(p => p.name == "layer0.weight").parameter;
        var bias = model.named_parameters().First(p => p.name == "layer0.bias").parameter;
        Assert.That(optimizer.GetState(weight)!.Tensor("exp_avg_sq_row").shape, Is.EqualTo(new long[] { 8 }));
        Assert.That(optimizer.GetState(weight)!.Tensor("exp_avg_sq_col").shape, Is.EqualTo(new long[] { 4 }));
        Assert.That(optimizer.GetState(bias)!.Tensor("exp_avg_sq").shape, Is.EqualTo(new long[] { 8 }));
        // 4·(8 + 4) + 4·8 for layer0, 4·(1 + 8) + 4·1 for layer1.
        Assert.That(optimizer.StateBytes(), Is.EqualTo(4 * (8 + 4) + 4 * 8 + 4 * (1 + 8) + 4 * 1));
    }

    [Test]
    public void StepDoesNothingAndDisposeRemovesTheHooks()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new DeepMlp(depth: 2);
        using var batch = Data();
        var optimizer = new Lomo(model, 0.1);
        var before = model.parameters().Select(p => p.clone()).ToList();
        // Only FusedBackward updates: a plain backward leaves every gradient, and Step() must not apply them.
        model.forward(batch).backward();
        optimizer.Step();
        Assert.That(model.parameters().Zip(before).All(p => p.First.ValuesEqual(p.Second)), Is.True, "no update from backward() and Step()");
        Assert.That(model.parameters().All(p =>
        {
            using var g = p.grad;
            return g is not null;
        }), Is.True, "a plain backward leaves the gradients");
        optimizer.ZeroGrad();
        optimizer.FusedBackward(model.forward(batch), 0.1);
        Assert.That(model.parameters().Zip(before).All(p => !p.First.ValuesEqual(p.Second)), Is.True, "FusedBackward updates every parameter");
        optimizer.Dispose();
        var after = model.parameters().Select(p => p.clone()).ToList();
        model.forward(batch).backward();
        Assert.That(model.parameters().Zip(after).All(p => p.First.ValuesEqual(p.Second)), Is.True, "no update once disposed");
        Assert.That(model.parameters().All(p =>
        {
            using var g = p.grad;
            return g is not null;
        }), Is.True, "gradients are left alone once the hooks are removed");
        Assert.Throws<ObjectDisposedException>(() => optimizer.FusedBackward(model.forward(batch), 0.1));
    }

    [Test]
    public void InvalidSettingsAreRejected()
    {
        using var model = new DeepMlp(depth: 2);
        Assert.Multiple(() =>
        {
            Assert.That(() => new Lomo(model, new LomoOptions { ClipGradNorm = 0 }),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("clip_grad_norm"));
            Assert.That(() => new Lomo(model, new LomoOptions { LearningRate = -1 }),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("lr"));
            Assert.That(() => new AdaLomo(model, new AdaLomoOptions { DecayRate = 0.5 }),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("decay_rate"));
            Assert.That(() => new AdaLomo(model, new AdaLomoOptions { LossScale = 0 }),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("loss_scale"));
        });

        using var half = torch.nn.Sequential(torch.nn.Linear(2, 2, dtype: ScalarType.Float16));
        Assert.That(() => new Lomo(half, 0.1), Throws.ArgumentException.With.Message.Contains("float16"));

        using var clipped = new Lomo(model, new LomoOptions { ClipGradNorm = 1 });
        using var scope = torch.NewDisposeScope();
        using var batch = Data();
        Assert.That(() => clipped.FusedBackward(model.forward(batch), 0.1), Throws.InvalidOperationException.With.Message.Contains("GradNorm"));
    }

    [Test]
    public void RegistryBuildsFromTheModelAndRejectsOtherRequests()
    {
        using var model = new DeepMlp(depth: 2);
        var lomo = LomoEntries.All.Single(d => d.Name == "lomo");
        var adalomo = LomoEntries.All.Single(d => d.Name == "adalomo");
        var request = new OptimizerRequest
        {
            ParamGroups = [new ParamGroup(model.parameters())], LearningRate = 0.02, Model = model,
            OptimArgs = OptimArgs.Parse("clip_grad_norm=1.0,weight_decay=0.01,loss_scale=256"),
        };
        using (var built = (AdaLomo)adalomo.Factory(request, null!))
        {
            Assert.That(built.Group()["lr"], Is.EqualTo(0.02));
            Assert.That(built.Group()["loss_scale"], Is.EqualTo(256));
            Assert.That(built.ClipsGradNorm, Is.True);
        }

        Assert.That(() => lomo.Factory(request, null!), Throws.TypeOf<ArgumentBindingException>().With.Message.Contains("loss_scale"));
        Assert.That(() => lomo.Factory(request with { Model = null, OptimArgs = OptimArgs.Empty }, null!),
            Throws.ArgumentException.With.Message.Contains("is built from the model"));
        Assert.That(lomo.StateBytesPerParameter, Is.Zero);
    }

    [TestCase("lomo", "")]
    [TestCase("adalomo", "")]
    [TestCase("lomo", "clip_grad_norm=1.0")]
    public void TrainerTrainsWithAFusedBackwardOptimizer(string optim, string optimArgs)
    {
        using var folder = new TempFolder();
        using var model = new DeepMlp(depth: 3, width: 16);
        var args = new TrainingArguments
        {
            OutputDir = folder.Path, Optim = optim, OptimArgs = optimArgs.Length == 0 ? null : optimArgs,
            LearningRate = optim == "lomo" ? 0.1 : 0.05, PerDeviceTrainBatchSize = 8, NumTrainEpochs = 4,
            LoggingSteps = 4, SaveStrategy = SaveStrategy.No, DisableTqdm = true, LrSchedulerType = "constant",
        };
        var trainer = new Trainer(model, args, DeepMlp.Dataset(128), DeepMlp.Dataset(64, seed: 9), DeepMlp.Collator, services: IntegrationServices.Provider);
        var before = trainer.Evaluate()["eval_loss"];
        trainer.Train();
        var after = trainer.Evaluate()["eval_loss"];
        Assert.That(trainer.Optimizer, Is.InstanceOf<FusedBackwardOptimizer>());
        Assert.That(after, Is.LessThan(before * 0.7), $"evaluation loss falls ({before} → {after})");
        Assert.That(model.parameters().All(p =>
        {
            using var g = p.grad;
            return g is null;
        }), Is.True, "no gradient left after training");
        var logged = trainer.State.LogHistory.Where(e => e.ContainsKey("loss")).ToList();
        Assert.That(logged, Is.Not.Empty);
        if (optimArgs.Contains("clip_grad_norm")) Assert.That(logged.All(e => e.ContainsKey("grad_norm") && double.IsFinite(e["grad_norm"])), Is.True);
    }
}

/// <summary>Small helpers for the fused-backward tests.</summary>
internal static class FusedBackwardTestExtensions
{
    public static ParamGroup Group(this Optimizer optimizer) => optimizer.ParamGroups[0];
}
