using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Runners;

/// <summary>
/// GrokAdamW (Trainer grouping; single group with a grokking signal given by the group keys
/// <c>train_loss</c>/<c>eval_loss</c>).
/// </summary>
public sealed class GrokAdamWRunner : IGoldenCaseRunner
{
    /// <inheritdoc/>
    public bool Accepts(IntegrationCase testCase) => testCase.Repository == "cognitivecomputations/grokadamw" && testCase.Class == "GrokAdamW";

    /// <inheritdoc/>
    public void Run(IntegrationCase testCase) =>
        // grokking_signal_fns cannot be recorded in JSON (a None there means "use the group losses", our default).
        StandardReplay.Run(testCase, p => new GrokAdamW(p.Groups("grokking_signal_fns")));
}
