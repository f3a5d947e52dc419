using Training.TorchExtensions;
using System.Text.Json.Nodes;

namespace Training.Schedulers.Tests.Torch;

/// <summary>
/// Configurations the golden file does not cover (restarts with T_mult &gt; 1, three-phase and linear 1cycle,
/// epochs × steps_per_epoch, exp_range, per-group bounds, beta1 cycling on AdamW, nested composites, ...),
/// run live in PyTorch 1.13 and here from the same class names and arguments. Where PyTorch can save the
/// state (<c>resume_at</c>), its scheduler.pt is loaded here and must continue as PyTorch did.
/// </summary>
public class TorchSchedulersPyTorchTests
{
    private const string Configurations = """
        [
          {"name": "WarmRestarts_Tmult2", "optimizer": "SGD", "scheduler": "CosineAnnealingWarmRestarts", "steps": 50, "resume_at": 11,
           "kwargs": {"T_0": 3, "T_mult": 2, "eta_min": 0.01}},
          {"name": "OneCycle_three_phase_linear", "optimizer": "SGD", "scheduler": "OneCycleLR", "steps": 25,
           "kwargs": {"max_lr": [0.3, 0.2], "total_steps": 25, "pct_start": 0.4, "anneal_strategy": "linear", "three_phase": true,
                      "div_factor": 10.0, "final_div_factor": 100.0}},
          {"name": "OneCycle_epochs_AdamW", "optimizer": "AdamW", "scheduler": "OneCycleLR", "steps": 20,
           "kwargs": {"max_lr": 0.2, "epochs": 4, "steps_per_epoch": 5, "base_momentum": 0.8, "max_momentum": 0.9}},
          {"name": "OneCycle_three_phase_AdamW", "optimizer": "AdamW", "scheduler": "OneCycleLR", "steps": 30,
           "kwargs": {"max_lr": [0.2, 0.1], "total_steps": 30, "three_phase": true, "pct_start": 0.25, "base_momentum": [0.8, 0.85]}},
          {"name": "Cyclic_exp_range", "optimizer": "SGD", "scheduler": "CyclicLR", "steps": 40,
           "kwargs": {"base_lr": [0.01, 0.02], "max_lr": [0.1, 0.2], "step_size_up": 3, "mode": "exp_range", "gamma": 0.97,
                      "base_momentum": 0.7, "max_momentum": 0.95}},
          {"name": "Cyclic_no_momentum", "optimizer": "SGD", "scheduler": "CyclicLR", "steps": 30,
           "kwargs": {"base_lr": 0.001, "max_lr": 0.01, "step_size_up": 4, "step_size_down": 2, "cycle_momentum": false}},
          {"name": "CosineAnnealing_periodic", "optimizer": "SGD", "scheduler": "CosineAnnealingLR", "steps": 40, "resume_at": 9,
           "kwargs": {"T_max": 7, "eta_min": 0.01}},
          {"name": "Polynomial_past_end", "optimizer": "SGD", "scheduler": "PolynomialLR", "steps": 20, "resume_at": 3,
           "kwargs": {"total_iters": 8, "power": 0.5}},
          {"name": "MultiStep_repeated_milestone", "optimizer": "SGD", "scheduler": "MultiStepLR", "steps": 10,
           "kwargs": {"milestones": [2, 2, 5], "gamma": 0.5}},
          {"name": "Linear_decreasing", "optimizer": "SGD", "scheduler": "LinearLR", "steps": 12, "resume_at": 4,
           "kwargs": {"start_factor": 1.0, "end_factor": 0.2, "total_iters": 7}},
          {"name": "Step", "optimizer": "AdamW", "scheduler": "StepLR", "steps": 12, "resume_at": 5, "kwargs": {"step_size": 3, "gamma": 0.7}},
          {"name": "Constant_defaults", "optimizer": "SGD", "scheduler": "ConstantLR", "steps": 8, "resume_at": 2, "kwargs": {}},
          {"name": "Sequential_three_phases", "optimizer": "SGD", "scheduler": "SequentialLR", "steps": 30,
           "kwargs": {"schedulers": [{"ExponentialLR": {"gamma": 0.9}}, {"StepLR": {"step_size": 2, "gamma": 0.5}},
                                     {"CosineAnnealingLR": {"T_max": 6, "eta_min": 0.001}}], "milestones": [5, 12]}},
          {"name": "Chained_four", "optimizer": "SGD", "scheduler": "ChainedScheduler", "steps": 20,
           "kwargs": {"schedulers": [{"StepLR": {"step_size": 4, "gamma": 0.5}}, {"ExponentialLR": {"gamma": 0.95}},
                                     {"MultiStepLR": {"milestones": [3, 9], "gamma": 0.8}}, {"LinearLR": {"start_factor": 0.5, "total_iters": 4}}]}}
        ]
        """;

    private const string Script = """
        import json, os, sys, warnings, torch
        from torch.optim import lr_scheduler as L
        warnings.simplefilter("ignore")

        def optimizer(kind):
            groups = [{"params": [torch.nn.Parameter(torch.ones(2))], "lr": 0.1}, {"params": [torch.nn.Parameter(torch.ones(3))], "lr": 0.05}]
            if kind == "SGD":
                return torch.optim.SGD(groups, lr=0.1, momentum=0.9)
            return torch.optim.AdamW(groups, lr=0.1, betas=(0.9, 0.99))

        def build(opt, name, kwargs):
            kwargs = dict(kwargs)
            if "schedulers" in kwargs:
                kwargs["schedulers"] = [build(opt, *next(iter(s.items()))) for s in kwargs["schedulers"]]
                return L.ChainedScheduler(**kwargs) if name == "ChainedScheduler" else L.SequentialLR(opt, **kwargs)
            return getattr(L, name)(opt, **kwargs)

        def row(opt):
            return {"lr": [g["lr"] for g in opt.param_groups],
                    "momentum": [g["betas"][0] if "betas" in g else g["momentum"] for g in opt.param_groups],
                    "beta2": [g["betas"][1] if "betas" in g else 0.0 for g in opt.param_groups]}

        out = {}
        for case in json.loads(sys.argv[1]):
            opt = optimizer(case["optimizer"])
            scheduler = build(opt, case["scheduler"], case["kwargs"])
            rows = [row(opt)]
            for step in range(case["steps"]):
                if case.get("resume_at") == step:
                    torch.save(scheduler.state_dict(), os.path.join(sys.argv[2], case["name"] + ".pt"))
                opt.step()
                scheduler.step()
                rows.append(row(opt))
            out[case["name"]] = rows
        print(json.dumps(out))
        """;

    private static readonly string StateFolder = Directory.CreateTempSubdirectory("torch-schedulers-").FullName;
    private static readonly Lazy<JsonNode> PyTorch = new(() => JsonNode.Parse(PythonTorch.Run(Script, Configurations, StateFolder))!);

    public static IEnumerable<TestCaseData> Cases() =>
        JsonNode.Parse(Configurations)!.AsArray().Select(c => new TestCaseData(c!).SetName($"PyTorch.{c!["name"]!.GetValue<string>()}"));

    [OneTimeTearDown]
    public void RemoveStates() => Directory.Delete(StateFolder, recursive: true);

    [TestCaseSource(nameof(Cases))]
    public void MatchesPyTorch(JsonNode configuration)
    {
        var name = configuration["name"]!.GetValue<string>();
        var expected = PyTorch.Value[name]!.AsArray();
        using var groups = new TwoGroups(configuration["optimizer"]!.GetValue<string>());
        var scheduler = groups.Build(configuration["scheduler"]!.GetValue<string>(), TwoGroups.Kwargs(configuration["kwargs"]));
        AssertRow(groups, expected[0]!, $"{name} at construction");
        for (var step = 1; step < expected.Count; step++)
        {
            scheduler.Step();
            AssertRow(groups, expected[step]!, $"{name} after step {step}");
        }

        if (configuration["resume_at"] is not { } resumeAt) return;
        var k = (int)resumeAt.GetValue<long>();
        using var resumed = new TwoGroups(configuration["optimizer"]!.GetValue<string>());
        var fromPyTorch = resumed.Build(configuration["scheduler"]!.GetValue<string>(), TwoGroups.Kwargs(configuration["kwargs"]));
        fromPyTorch.LoadStateDict(Path.Combine(StateFolder, name + ".pt"));
        AssertRow(resumed, expected[k]!, $"{name} loaded from PyTorch's state at step {k}");
        for (var step = k + 1; step < expected.Count; step++)
        {
            fromPyTorch.Step();
            AssertRow(resumed, expected[step]!, $"{name} resumed from PyTorch, step {step}");
        }
    }

    private static void AssertRow(TwoGroups groups, JsonNode expected, string what)
    {
        Closeness.AssertClose(groups.Lrs, GoldenFiles.Flatten(expected["lr"]), 1e-12, 1e-16, $"{what}: lr");
        var adam = groups.Optimizer.Defaults.ContainsKey("betas");
        Closeness.AssertClose(groups.Values(adam ? "beta1" : "momentum"), GoldenFiles.Flatten(expected["momentum"]), 1e-12, 1e-16, $"{what}: momentum");
        if (adam) Closeness.AssertClose(groups.Values("beta2"), GoldenFiles.Flatten(expected["beta2"]), 0, 0, $"{what}: beta2 untouched");
    }
}
