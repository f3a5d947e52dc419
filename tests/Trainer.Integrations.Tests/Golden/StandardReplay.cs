using Training.TorchExtensions;
namespace Training.Integrations.Tests.Golden;

/// <summary>
/// The replay most cases need: build the parameters and groups, then for every step assign the stored gradients,
/// call <see cref="Optimizer.Step"/>, and compare the parameters and every recorded state entry.
/// </summary>
public static class StandardReplay
{
    /// <summary>Replays <paramref name="testCase"/> with the optimizer <paramref name="create"/> builds from the case's parameters.</summary>
    public static void Run(IntegrationCase testCase, Func<CaseParameters, Optimizer> create,
        Func<string, IntegrationCase, bool>? skipParameter = null, double? rtol = null, double? atol = null)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        ArgumentNullException.ThrowIfNull(create);
        using var scope = torch.NewDisposeScope();
        using var parameters = new CaseParameters(testCase);
        using var optimizer = create(parameters);
        if (testCase.Steps.Count == 0)
        {
            RunWithoutReference(testCase, parameters, optimizer.Step);
            return;
        }

        foreach (var record in testCase.Steps)
        {
            var step = (int)record["step"]!;
            parameters.SetGradients(step);
            optimizer.Step();
            var what = $"{testCase.Name} step {step}";
            if (skipParameter is null)
            {
                CaseAssert.Parameters(parameters, record, what, rtol: rtol, atol: atol);
            }
            else
            {
                foreach (var (name, values) in record["params"]!.AsObject())
                    if (!skipParameter(name, testCase)) CaseAssert.Values(parameters[name], values, $"{what} params.{name}", rtol, atol);
            }

            CaseAssert.State(record, name => optimizer.GetState(parameters[name]), what, rtol: rtol, atol: atol);
        }
    }

    /// <summary>
    /// For a case the reference could not run (no steps recorded): runs the problem's steps through
    /// <paramref name="step"/> (called after the gradients are assigned) and asserts the parameters stay finite and
    /// the weight moved, so the case still tests our side instead of being skipped.
    /// </summary>
    public static void RunWithoutReference(IntegrationCase testCase, CaseParameters parameters, Func<Func<Tensor>?, Tensor?> step)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(step);
        Assert.That(testCase.Status, Is.Not.EqualTo("raised_as_expected"), $"{testCase.Name}: an expected-error case needs its runner to check the error");
        using var initial = parameters.Weight.detach().clone();
        for (var t = 1; t <= testCase.Problem.Steps; t++)
        {
            parameters.SetGradients(t);
            step(null);
        }

        foreach (var (name, parameter) in parameters.Named)
            Assert.That(parameter.isfinite().all().ReadBoolean(), Is.True, $"{testCase.Name}: {name} is not finite after {testCase.Problem.Steps} steps");
        Assert.That(parameters.Weight.ValuesEqual(initial), Is.False, $"{testCase.Name}: the weight did not move in {testCase.Problem.Steps} steps");
    }
}
