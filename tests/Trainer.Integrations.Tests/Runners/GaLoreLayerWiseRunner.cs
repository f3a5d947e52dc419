using Microsoft.Extensions.DependencyInjection;
using Training.Integrations.Tests.Golden;
using Training.Testing.Contract;

namespace Training.Integrations.Tests.Runners;

/// <summary>
/// GaLore's layer-wise cases: one optimizer per parameter, each stepped by its gradient-ready callback in the
/// optimizer's FusedBackward of Σp·g (so the callback sees exactly the stored gradient), as the Trainer's layer-wise
/// setup does. The
/// expected-error case is Transformers failing to build <c>galore_adafactor_layerwise</c>: the class raises the same
/// error for the same arguments here, while our registry entry applies the intended settings and builds.
/// </summary>
public sealed class GaLoreLayerWiseRunner : IGoldenCaseRunner
{
    /// <inheritdoc/>
    public bool Accepts(IntegrationCase testCase) =>
        testCase.Repository == "jiaweizzhao/GaLore" && testCase.TrainerOptim.Contains("layerwise", StringComparison.Ordinal);

    /// <inheritdoc/>
    public void Run(IntegrationCase testCase)
    {
        using var scope = torch.NewDisposeScope();
        using var parameters = new CaseParameters(testCase);
        if (testCase.Status == "raised_as_expected")
        {
            var expected = testCase.Error ?? "";
            var message = expected[(expected.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            // What Transformers builds per parameter: the class with the case's kwargs only.
            var error = Assert.Catch<ArgumentException>(() => GaLoreRunner.Create(testCase, parameters).Dispose(), $"{testCase.Name}: expected {expected}");
            Assert.That(error!.Message, Does.Contain(message), $"{testCase.Name}: error message");
            AssertRegistryEntryBuilds(testCase);
            return;
        }

        var groups = parameters.Groups();
        using var optimizer = new LayerWiseOptimizer(null, groups, g => testCase.Class switch
        {
            "AdamW" => new GaLoreAdamW([g], GaLoreRunner.AdamWOptions(testCase.CtorKwargs, testCase.Name)),
            _ => GaLoreRunner.Create(testCase, parameters),
        });
        if (testCase.Steps.Count == 0)
        {
            StandardReplay.RunWithoutReference(testCase, parameters, _ => Backward(optimizer, parameters, 0));
            return;
        }

        foreach (var record in testCase.Steps)
        {
            var step = (int)record["step"]!;
            Backward(optimizer, parameters, step);
            Assert.That(parameters.Weight.grad, Is.Null, $"{testCase.Name}: the callback consumed the gradient");
            var what = $"{testCase.Name} step {step}";
            CaseAssert.Parameters(parameters, record, what, atol: GaLoreRunner.SvdAtol);
            CaseAssert.State(record, name => optimizer.GetState(parameters[name]), what, atol: GaLoreRunner.SvdAtol);
        }
    }

    // step 0: the gradients are already assigned (RunWithoutReference); replace them by a backward that yields them.
    private static Tensor? Backward(LayerWiseOptimizer optimizer, CaseParameters parameters, int step)
    {
        using var scope = torch.NewDisposeScope();
        if (step == 0)
        {
            var (w, b) = (parameters.Weight.grad!.clone(), parameters.Bias.grad!.clone());
            parameters.Weight.grad = null;
            parameters.Bias.grad = null;
            optimizer.FusedBackward(parameters.Weight.mul(w).sum().add(parameters.Bias.mul(b).sum()), 0);
            return null;
        }

        optimizer.FusedBackward(parameters.LinearLoss(step), 0);
        return null;
    }

    private static void AssertRegistryEntryBuilds(IntegrationCase testCase)
    {
        using var problem = new ContractProblem();
        using var optimizer = IntegrationServices.Provider.GetRequiredService<IOptimizerRegistry>().Create(testCase.TrainerOptim, problem.Request((double)testCase.CtorKwargs["lr"]!));
        Assert.That(optimizer, Is.InstanceOf<LayerWiseOptimizer>(), $"{testCase.TrainerOptim}: our entry builds with the intended settings");
        var before = problem.Parameters[0].detach().clone();
        problem.TrainStep(optimizer);
        Assert.That(problem.Parameters[0].ValuesEqual(before), Is.False, $"{testCase.TrainerOptim}: and trains");
        before.Dispose();
    }
}
