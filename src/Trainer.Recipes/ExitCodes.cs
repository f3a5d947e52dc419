namespace Training.Recipes;

/// <summary>
/// The exit codes of a training program run by <see cref="TrainingProgram"/>, so a script or a scheduler can tell a
/// bad setting from bad data, a checkpoint problem and a run that stopped on request and can be resumed.
/// </summary>
public static class ExitCodes
{
    /// <summary>The run finished.</summary>
    public const int Success = 0;

    /// <summary>A problem with the data, files or numbers (one line, no stack dump).</summary>
    public const int DataError = 1;

    /// <summary>A configuration error found before training (the message names the key).</summary>
    public const int ConfigurationError = 2;

    /// <summary>A checkpoint that cannot be resumed from (the message names the file and entry).</summary>
    public const int CheckpointError = 3;

    /// <summary>
    /// Stopped on request (SIGTERM/SIGINT) with its checkpoint written (sysexits' EX_TEMPFAIL, "try again later":
    /// resume it). Distinct from the killed-at-once codes 130/143, so a scheduler knows the run can be resumed.
    /// </summary>
    public const int Stopped = 75;

    /// <summary>A second SIGINT ended the program at once (128 + 2, as the signal itself would).</summary>
    public const int SecondSigint = 130;

    /// <summary>A second SIGTERM ended the program at once (128 + 15, as the signal itself would).</summary>
    public const int SecondSigterm = 143;
}
