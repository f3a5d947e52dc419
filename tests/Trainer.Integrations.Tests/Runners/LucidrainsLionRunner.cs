using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Runners;

/// <summary>
/// lucidrains' reference Lion (lion-pytorch), replayed with <see cref="Lion"/> (the same algorithm). With
/// <c>decoupled_weight_decay</c> the decay is divided by the constructor's lr; <c>use_triton</c> only selects a
/// CUDA kernel and is ignored.
/// </summary>
public sealed class LucidrainsLionRunner : IGoldenCaseRunner
{
    /// <inheritdoc/>
    public bool Accepts(IntegrationCase testCase) => testCase.Repository == "lucidrains/lion-pytorch" && testCase.Class == "Lion";

    /// <inheritdoc/>
    public void Run(IntegrationCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var kwargs = testCase.CtorKwargs;
        var decoupled = kwargs.GetValueOrDefault("decoupled_weight_decay") as bool? ?? false;
        var initialLr = kwargs.GetValueOrDefault("lr") as double? ?? 1e-4;
        StandardReplay.Run(testCase, p =>
        {
            var groups = p.Groups("decoupled_weight_decay", "use_triton");
            if (decoupled)
                foreach (var group in groups)
                    if (group.ContainsKey("weight_decay")) group["weight_decay"] /= initialLr;
            // lion-pytorch's class defaults, for keys neither the kwargs nor the groups set.
            return new Lion(groups, new LionOptions { LearningRate = 1e-4, Beta1 = 0.9, Beta2 = 0.99, WeightDecay = 0 });
        });
    }
}
