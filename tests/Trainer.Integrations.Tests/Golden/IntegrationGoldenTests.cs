namespace Training.Integrations.Tests.Golden;

/// <summary>
/// Every case of integrations.json is its own test, named after the case. The case is handed to the one runner
/// that accepts it; a case no runner accepts fails (it is never skipped).
/// </summary>
[NonParallelizable]
public class IntegrationGoldenTests
{
    private static readonly Lazy<IReadOnlyList<IGoldenCaseRunner>> Runners = new(() =>
        typeof(IntegrationGoldenTests).Assembly.GetTypes()
            .Where(t => typeof(IGoldenCaseRunner).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IGoldenCaseRunner)Activator.CreateInstance(t)!)
            .ToList());

    public static IEnumerable<TestCaseData> Cases() =>
        IntegrationGolden.Cases.Select(c => new TestCaseData(c.Name).SetName(c.Name));

    [TestCaseSource(nameof(Cases))]
    public void MatchesReference(string name)
    {
        var testCase = IntegrationGolden.Case(name);
        var runners = Runners.Value.Where(r => r.Accepts(testCase)).ToList();
        Assert.That(runners, Has.Count.EqualTo(1),
            $"case {name} (class {testCase.Class} from {testCase.Repository}) must be accepted by exactly one runner, found: {string.Join(", ", runners.Select(r => r.GetType().Name))}");
        runners[0].Run(testCase);
    }
}
