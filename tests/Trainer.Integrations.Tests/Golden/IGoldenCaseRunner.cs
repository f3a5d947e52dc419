namespace Training.Integrations.Tests.Golden;

/// <summary>
/// Runs the integrations.json cases of one upstream family against our port. Implementations live in
/// <c>Runners/</c> (one file per family) and are found by reflection; every case must be accepted by exactly one.
/// A runner recognises cases by repository and class (never by case name), so a <c>TRAINER_GOLDEN_DIR</c> file
/// with more cases of the same schema runs too.
/// </summary>
public interface IGoldenCaseRunner
{
    /// <summary>True for the cases this runner replays.</summary>
    bool Accepts(IntegrationCase testCase);

    /// <summary>
    /// Replays the case and asserts every recorded step, or the expected error (<c>raised_as_expected</c>). A case
    /// whose reference produced no steps (status <c>skipped</c> or <c>error</c>) still runs here for the problem's
    /// steps and must give finite parameters that moved (see <see cref="StandardReplay.RunWithoutReference"/>).
    /// </summary>
    void Run(IntegrationCase testCase);
}
