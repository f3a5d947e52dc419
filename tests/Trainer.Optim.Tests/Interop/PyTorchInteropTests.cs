namespace Training.Optim.Tests.Interop;

/// <summary>
/// optimizer.pt interchange with PyTorch (the system Python with python3-torch, the same libtorch 1.13):
/// files we write load into the matching torch.optim class and step there exactly as we do; files PyTorch
/// writes load here and continue exactly as they do there.
/// </summary>
[NonParallelizable]
public class PyTorchInteropTests
{
    // Registry names whose algorithm is a torch.optim class in 1.13 (the others round-trip through torch.load/torch.save).
    private static readonly Dictionary<string, string> TorchClasses = new(StringComparer.Ordinal)
    {
        ["adamw_torch"] = "AdamW", ["adamw_torch_fused"] = "AdamW", ["adam"] = "Adam", ["sgd"] = "SGD", ["adagrad"] = "Adagrad",
        ["rmsprop"] = "RMSprop", ["nadam"] = "NAdam", ["radam"] = "RAdam", ["adamax"] = "Adamax", ["adadelta"] = "Adadelta",
        ["asgd"] = "ASGD", ["rprop"] = "Rprop",
    };

    private const string StepInPyTorch = """
        import sys, torch
        inputs, state_path, cls, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
        state = torch.load(state_path)
        if cls == "-":
            torch.save(state, out)
        else:
            data = torch.load(inputs)
            w = data["weight"].clone().requires_grad_()
            b = data["bias"].clone().requires_grad_()
            opt = getattr(torch.optim, cls)([{"params": [w]}, {"params": [b]}], lr=0.01)
            opt.load_state_dict(state)
            w.grad = data["grad_weight"].clone()
            b.grad = data["grad_bias"].clone()
            opt.step()
            torch.save({"weight": w.detach(), "bias": b.detach()}, out)
        print("ok")
        """;

    public static IEnumerable<TestCaseData> Names() => InteropProblem.Names.Select(n => new TestCaseData(n).SetName($"PyTorchInterop.OurFileInPyTorch.{n}"));

    private static string TempFile(string name) => Path.Combine(TestContext.CurrentContext.WorkDirectory, $"interop-{Guid.NewGuid():N}-{name}");

    [TestCaseSource(nameof(Names))]
    public void OurOptimizerFileLoadsAndStepsInPyTorch(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var problem = new InteropProblem();
        // SGD without momentum has no state to exchange; give it momentum so the file carries buffers.
        var request = new OptimizerRequest
        {
            ParamGroups = problem.Groups(), LearningRate = 0.01, WeightDecay = 0.01,
            OptimArgs = name == "sgd" ? OptimArgs.Parse("momentum=0.9") : OptimArgs.Empty,
        };
        using var optimizer = InteropProblem.Registry.Create(name, request);
        for (var i = 0; i < 3; i++) problem.TrainStep(optimizer);

        var (statePath, inputsPath, outPath) = (TempFile("optimizer.pt"), TempFile("inputs.pt"), TempFile("out.pt"));
        try
        {
            optimizer.SaveStateDict(statePath);
            optimizer.ZeroGrad();
            problem.Loss();
            using (var grads = torch.NewDisposeScope())
            {
                TorchFile.Save(new Dictionary<string, Tensor>
                {
                    ["weight"] = problem.Weight.detach(), ["bias"] = problem.Bias.detach(),
                    ["grad_weight"] = problem.Weight.grad!, ["grad_bias"] = problem.Bias.grad!,
                }, inputsPath);
            }

            var torchClass = TorchClasses.GetValueOrDefault(name, "-");
            Assert.That(PythonTorch.Run(StepInPyTorch, inputsPath, statePath, torchClass, outPath).Trim(), Is.EqualTo("ok"));

            if (torchClass != "-")
            {
                optimizer.Step();
                var fromPython = (System.Collections.IDictionary)TorchFile.Load(outPath)!;
                Closeness.AssertClose(Values(problem.Weight), Values((Tensor)fromPython["weight"]!), 1e-6, 1e-7, $"{name} weight after PyTorch's step");
                Closeness.AssertClose(Values(problem.Bias), Values((Tensor)fromPython["bias"]!), 1e-6, 1e-7, $"{name} bias after PyTorch's step");
                return;
            }

            // No torch.optim class: PyTorch re-saved our file; it must restore the same optimizer.
            using var copy = problem.Clone();
            using var restored = copy.Create(name);
            restored.LoadStateDict(outPath);
            optimizer.Step();
            copy.Loss();
            restored.Step();
            Assert.That(copy.Weight.ValuesEqual(problem.Weight) && copy.Bias.ValuesEqual(problem.Bias), Is.True, $"{name} after a PyTorch load/save round trip");
        }
        finally
        {
            foreach (var f in new[] { statePath, inputsPath, outPath }) File.Delete(f);
        }
    }

    private const string TrainInPyTorch = """
        import sys, torch
        cls, kwargs, out = sys.argv[1], eval(sys.argv[2]), sys.argv[3]
        torch.manual_seed(0)
        w = torch.randn(4, 3, requires_grad=True)
        b = torch.randn(3, requires_grad=True)
        x, y = torch.randn(8, 4), torch.randn(8, 3)
        opt = getattr(torch.optim, cls)([{"params": [w], "weight_decay": 0.01}, {"params": [b], "weight_decay": 0.0}], **kwargs)
        def step():
            opt.zero_grad()
            ((x @ w + b - y) ** 2).mean().backward()
            opt.step()
        for _ in range(3):
            step()
        torch.save(opt.state_dict(), out + ".optimizer.pt")
        after3 = {"weight": w.detach().clone(), "bias": b.detach().clone(), "x": x, "y": y}
        step()
        after3["weight4"] = w.detach().clone()
        after3["bias4"] = b.detach().clone()
        torch.save(after3, out)
        print("ok")
        """;

    [TestCase("adamw_torch", "AdamW", "{'lr': 0.01, 'betas': (0.9, 0.999), 'eps': 1e-08}")]
    [TestCase("adam", "Adam", "{'lr': 0.01}")]
    [TestCase("sgd", "SGD", "{'lr': 0.05, 'momentum': 0.9, 'nesterov': True}")]
    [TestCase("rmsprop", "RMSprop", "{'lr': 0.01, 'momentum': 0.5, 'centered': True}")]
    public void PyTorchsOptimizerFileLoadsHereAndContinuesIdentically(string name, string torchClass, string kwargs)
    {
        var outPath = TempFile("pytorch.pt");
        try
        {
            Assert.That(PythonTorch.Run(TrainInPyTorch, torchClass, kwargs, outPath).Trim(), Is.EqualTo("ok"));
            using var scope = torch.NewDisposeScope();
            var saved = (System.Collections.IDictionary)TorchFile.Load(outPath)!;
            using var w = ((Tensor)saved["weight"]!).clone().requires_grad_().DetachFromDisposeScope();
            using var b = ((Tensor)saved["bias"]!).clone().requires_grad_().DetachFromDisposeScope();
            using var optimizer = InteropProblem.Registry.Create(name, new OptimizerRequest
            {
                ParamGroups = [new ParamGroup([w]), new ParamGroup([b])], LearningRate = 1.0,
            });
            optimizer.LoadStateDict(outPath + ".optimizer.pt");
            w.matmul(w.t()).sum().Dispose(); // unrelated work must not disturb anything
            var (x, y) = ((Tensor)saved["x"]!, (Tensor)saved["y"]!);
            x.matmul(w).add(b).sub(y).square().mean().backward();
            optimizer.Step();
            Closeness.AssertClose(Values(w), Values((Tensor)saved["weight4"]!), 1e-6, 1e-7, $"{name} weight");
            Closeness.AssertClose(Values(b), Values((Tensor)saved["bias4"]!), 1e-6, 1e-7, $"{name} bias");
            Assert.That(optimizer.ParamGroups[0]["weight_decay"], Is.EqualTo(0.01), "hyperparameters come from the file");
        }
        finally
        {
            File.Delete(outPath);
            File.Delete(outPath + ".optimizer.pt");
        }
    }

    private static double[] Values(Tensor t) => t.to(ScalarType.Float64).ToArray<double>();
}
