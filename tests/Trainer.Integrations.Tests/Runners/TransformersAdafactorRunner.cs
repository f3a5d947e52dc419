using Training.Integrations.Tests.Golden;

namespace Training.Integrations.Tests.Runners;

/// <summary>Transformers' own Adafactor (Training.Optim.Adafactor), on the problems shared with the integrations.</summary>
public sealed class TransformersAdafactorRunner : IGoldenCaseRunner
{
    /// <inheritdoc/>
    public bool Accepts(IntegrationCase testCase) => testCase.Repository == "huggingface/transformers" && testCase.Class == "Adafactor";

    /// <inheritdoc/>
    public void Run(IntegrationCase testCase) => StandardReplay.Run(testCase, p => new Adafactor(p.Groups()));
}
