using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Runners;

/// <summary>
/// bitsandbytes' AdamW and Lion (CPU backend) against <see cref="BitsAndBytesAdamW"/> / <see cref="BitsAndBytesLion"/>.
/// The optimizer-wide constructor arguments (optim_bits, min_8bit_size, is_paged) go to the options record; the
/// rest (lr, betas, eps, weight_decay) are group defaults as in bitsandbytes.
/// </summary>
public sealed class BitsAndBytesRunner : IGoldenCaseRunner
{
    private static readonly string[] OptimizerWide = ["optim_bits", "min_8bit_size", "is_paged"];
    private static readonly string[] GroupKeys = ["lr", "betas", "eps", "weight_decay"];

    /// <inheritdoc/>
    public bool Accepts(IntegrationCase testCase) =>
        testCase.Repository == "bitsandbytes-foundation/bitsandbytes" && testCase.Class is "AdamW" or "Lion";

    /// <inheritdoc/>
    public void Run(IntegrationCase testCase)
    {
        var kwargs = testCase.CtorKwargs;
        var unknown = kwargs.Keys.Except(OptimizerWide).Except(GroupKeys).ToList();
        Assert.That(unknown, Is.Empty, $"{testCase.Name}: constructor arguments this port does not take");
        var bits = kwargs.TryGetValue("optim_bits", out var b) && b is double d ? (int)d : 32;
        var minSize = kwargs.TryGetValue("min_8bit_size", out var m) && m is double s ? (long)s : BitsAndBytesState.DefaultMin8BitSize;
        var paged = kwargs.TryGetValue("is_paged", out var p) && p is true;

        Func<CaseParameters, Optimizer> create = testCase.Class == "AdamW"
            ? c => new BitsAndBytesAdamW(c.Groups(OptimizerWide), new BitsAndBytesAdamWOptions { OptimBits = bits, Min8BitSize = minSize, IsPaged = paged })
            : c => new BitsAndBytesLion(c.Groups(OptimizerWide), new BitsAndBytesLionOptions { OptimBits = bits, Min8BitSize = minSize, IsPaged = paged });

        if (testCase.Status == "raised_as_expected")
        {
            using var scope = torch.NewDisposeScope();
            using var parameters = new CaseParameters(testCase);
            Assert.Throws(Is.InstanceOf<ArgumentException>(), () =>
            {
                using var optimizer = create(parameters);
                parameters.SetGradients(1);
                optimizer.Step();
            }, $"{testCase.Name}: the reference raised {testCase.Error}");
            return;
        }

        StandardReplay.Run(testCase, create);
    }
}
