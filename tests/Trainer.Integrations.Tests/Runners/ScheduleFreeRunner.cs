using System.Text.Json.Nodes;
using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Runners;

/// <summary>
/// facebookresearch/schedule_free (AdamW, RAdam, SGD). Per step: assign the gradients, step, compare y
/// (<c>params</c>) and the state, then <c>Eval()</c> and compare x (<c>eval_params</c>). Then, like the harness:
/// in a toggle case (records with <c>params_after_train_call</c>) really call <c>Train()</c> and compare; otherwise
/// copy y back and set <c>train_mode</c> without calling <c>Train()</c>, so the trajectory does not see the
/// round trip's rounding.
/// </summary>
public sealed class ScheduleFreeRunner : IGoldenCaseRunner
{
    private const double BookkeepingRtol = 1e-12;

    /// <inheritdoc/>
    public bool Accepts(IntegrationCase testCase) => testCase.Repository == "facebookresearch/schedule_free";

    /// <inheritdoc/>
    public void Run(IntegrationCase testCase)
    {
        using var scope = torch.NewDisposeScope();
        if (testCase.Status == "raised_as_expected")
        {
            RunExpectedError(testCase);
            return;
        }

        using var parameters = new CaseParameters(testCase);
        using var optimizer = Create(testCase, parameters);
        Assert.That(optimizer.IsTrainMode, Is.False, "Schedule-Free optimizers start in eval mode");
        optimizer.Train();
        if (testCase.Steps.Count == 0)
        {
            StandardReplay.RunWithoutReference(testCase, parameters, optimizer.Step);
            return;
        }

        foreach (var record in testCase.Steps)
        {
            var step = (int)record["step"]!;
            var what = $"{testCase.Name} step {step}";
            parameters.SetGradients(step);
            optimizer.Step();
            CaseAssert.Parameters(parameters, record, what);
            CaseAssert.State(record, name => optimizer.GetState(parameters[name]), what,
                (key, value) => Custom(optimizer, parameters, key, value, what));

            var y = parameters.Named.Select(n => n.Parameter.detach().clone()).ToList();
            optimizer.Eval();
            Assert.That(optimizer.IsTrainMode, Is.False, $"{what}: Eval() leaves train mode");
            if (record.ContainsKey("eval_params")) CaseAssert.Parameters(parameters, record, what, "eval_params");
            if (record.ContainsKey("params_after_train_call"))
            {
                optimizer.Train();
                CaseAssert.Parameters(parameters, record, what, "params_after_train_call");
            }
            else
            {
                RestoreTrainPoint(optimizer, parameters, y);
            }

            foreach (var t in y) t.Dispose();
        }
    }

    private static ScheduleFreeOptimizer Create(IntegrationCase testCase, CaseParameters parameters) => testCase.Class switch
    {
        "AdamWScheduleFree" => new AdamWScheduleFree(parameters.Groups()),
        "RAdamScheduleFree" => new RAdamScheduleFree(parameters.Groups()),
        "SGDScheduleFree" => new SgdScheduleFree(parameters.Groups()),
        _ => throw new InvalidDataException($"{testCase.Name}: no port of schedulefree.{testCase.Class}"),
    };

    // The harness's restore: y copied back, train_mode set directly (no x→y lerp).
    private static void RestoreTrainPoint(ScheduleFreeOptimizer optimizer, CaseParameters parameters, List<Tensor> y)
    {
        using (torch.no_grad())
        {
            for (var i = 0; i < y.Count; i++) parameters.Named[i].Parameter.copy_(y[i]);
        }

        foreach (var group in optimizer.ParamGroups) group.SetValue("train_mode", true);
    }

    private static bool Custom(ScheduleFreeOptimizer optimizer, CaseParameters parameters, string key, JsonNode value, string what)
    {
        switch (key)
        {
            case "z" or "exp_avg_sq" or "exp_avg":
                foreach (var (name, record) in value.AsObject())
                {
                    var state = optimizer.GetState(parameters[name]) ?? throw new AssertionException($"{what}: no state for '{name}'");
                    CaseAssert.Entry(state, key, record, $"{what} state {key}.{name}");
                }

                return true;
            case "groups":
                var groups = value.AsArray();
                Assert.That(optimizer.ParamGroups, Has.Count.EqualTo(groups.Count), $"{what}: group count");
                for (var g = 0; g < groups.Count; g++)
                {
                    var group = optimizer.ParamGroups[g];
                    foreach (var (name, expected) in groups[g]!.AsObject())
                    {
                        var label = $"{what} groups[{g}].{name}";
                        if (name == "k") Assert.That(group[name], Is.EqualTo((double)(long)expected!), label);
                        else Closeness.AssertClose([group[name]], [GoldenFiles.Number(expected)], BookkeepingRtol, 0, label);
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static void RunExpectedError(IntegrationCase testCase)
    {
        using var parameters = new CaseParameters(testCase);
        var error = testCase.Error ?? "";
        if (error.Contains("train mode", StringComparison.OrdinalIgnoreCase))
        {
            // Upstream: step() before train() raises.
            using var optimizer = Create(testCase, parameters);
            parameters.SetGradients(1);
            Assert.That(() => optimizer.Step(), Throws.InstanceOf<InvalidOperationException>(), $"{testCase.Name}: {error}");
            return;
        }

        // Otherwise a bad hyperparameter, rejected at construction (or at the latest by the first step).
        Assert.That(() =>
        {
            using var optimizer = Create(testCase, parameters);
            optimizer.Train();
            parameters.SetGradients(1);
            optimizer.Step();
        }, Throws.InstanceOf<ArgumentException>(), $"{testCase.Name}: {error}");
    }
}
