namespace Training.Optim.Tests.Registry;

/// <summary>The README's optimizer table lists every built-in name, so the documentation cannot drift.</summary>
public class ReadmeTableTests
{
    [Test]
    public void EveryBuiltInOptimizerIsInTheReadme()
    {
        var readme = File.ReadAllText(Repository.File("README.md"));
        var missing = BuiltInOptimizers.All.Select(d => d.Name).Where(n => !readme.Contains($"| `{n}` |", StringComparison.Ordinal)).ToList();
        Assert.That(missing, Is.Empty, "optimizers missing from the README table");
    }
}
