using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Runners;

/// <summary>zhuhanqing/APOLLO (APOLLO AdamW, APOLLO-Mini): the standard replay, with the projection drawn by our generator.</summary>
public sealed class ApolloRunner : IGoldenCaseRunner
{
    /// <inheritdoc/>
    public bool Accepts(IntegrationCase testCase) =>
        testCase.Repository == "zhuhanqing/APOLLO" && testCase.Class.StartsWith("AdamW", StringComparison.Ordinal);

    /// <inheritdoc/>
    public void Run(IntegrationCase testCase) =>
        StandardReplay.Run(testCase, p => new ApolloAdamW(p.Groups("lr"), new ApolloAdamWOptions { LearningRate = (double)testCase.CtorKwargs["lr"]! }));
}
