using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Runners;

/// <summary>FlashOptim's eager path (databricks/flashoptim): FlashAdamW, FlashAdam, FlashSGD, FlashSGDW, FlashLion.</summary>
public sealed class FlashOptimRunner : IGoldenCaseRunner
{
    private static readonly string[] Classes = ["FlashAdamW", "FlashAdam", "FlashSGD", "FlashSGDW", "FlashLion"];

    /// <inheritdoc/>
    public bool Accepts(IntegrationCase testCase) => testCase.Repository == "databricks/flashoptim" && Classes.Contains(testCase.Class);

    /// <inheritdoc/>
    public void Run(IntegrationCase testCase)
    {
        if (testCase.Status == "raised_as_expected")
        {
            using var parameters = new CaseParameters(testCase);
            Assert.That(() => Create(testCase.Class, parameters), Throws.InstanceOf<ArgumentException>(), $"{testCase.Name}: {testCase.Error}");
            return;
        }

        StandardReplay.Run(testCase, p => Create(testCase.Class, p));
    }

    private static Optimizer Create(string className, CaseParameters p) => className switch
    {
        "FlashAdamW" => new FlashAdamW(p.Groups()),
        "FlashAdam" => new FlashAdam(p.Groups()),
        "FlashSGD" => new FlashSgd(p.Groups()),
        "FlashSGDW" => new FlashSgdw(p.Groups()),
        "FlashLion" => new FlashLion(p.Groups()),
        _ => throw new ArgumentException($"not a FlashOptim class: {className}", nameof(className)),
    };
}
