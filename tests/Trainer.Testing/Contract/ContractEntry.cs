namespace Training.Testing.Contract;

/// <summary>
/// One registry entry as the contract suite runs it, with what its documentation says where a check does not apply
/// as written. Every property but <see cref="Name"/> defaults to "the check applies as written"; a test project sets
/// the others only for entries whose documentation says so, and says why beside them.
/// </summary>
/// <param name="Name">The registry name.</param>
public sealed record ContractEntry(string Name)
{
    /// <summary>
    /// <c>OptimArgs</c> under which the entry keeps state, for the checks about state (round trip, Preinitialize,
    /// disposal): e.g. <c>momentum=0.9</c> for SGD, whose default keeps none. The other checks use the defaults.
    /// </summary>
    public string StatefulOptimArgs { get; init; } = "";

    /// <summary>
    /// <c>OptimArgs</c> for the state-bytes check, which measures a 512×512 weight: low-rank entries quote their figure
    /// for a 1024×1024 weight at rank 128, so they run at rank 64 (the same rank / size ratio, hence the same figure).
    /// </summary>
    public string StateBytesOptimArgs { get; init; } = "";

    /// <summary>True when the entry keeps no optimizer state under any arguments (LOMO).</summary>
    public bool Stateless { get; init; }

    /// <summary>
    /// State entries the first step creates rather than <c>Preinitialize</c> (GaLore's basis is the SVD of the first
    /// gradient, SGD's momentum buffer the first gradient itself): the Preinitialize check does not expect them before.
    /// </summary>
    public IReadOnlySet<string> StateFromFirstStep { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Steps at the start in which the algorithm, as documented, leaves the parameters where they are (Schedule-Free
    /// RAdam's silent SGD phase while ρt ≤ 4); the checks that need the parameters to move take these steps first.
    /// </summary>
    public int SilentSteps { get; init; }

    /// <summary>
    /// How far a parameter whose group has lr 0 may still move in one step (Rprop: its step size is clamped to at least
    /// <c>step_sizes[0]</c> = 1e-6). 0: not at all.
    /// </summary>
    public double ZeroLearningRateDrift { get; init; }

    /// <summary>
    /// True when the optimizer is built from the model as one group (LOMO, AdaLomo), not from the request's groups: the
    /// per-group check then checks that one group, with the learning rate handed to <c>FusedBackward</c>.
    /// </summary>
    public bool OneGroupFromModel { get; init; }

    /// <summary>
    /// A fragment of the error the entry raises for bfloat16 parameters, when it refuses them; null when it trains them.
    /// </summary>
    public string? Bfloat16Refusal { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
