using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// One Cerebras scheduler class (e.g. CosineDecayLR): its name, what it drives, the arguments it takes (declared
/// under generic names, see <see cref="CerebrasArgumentNames"/>) and how its arguments become a
/// <see cref="CerebrasScheduleNode"/>.
/// </summary>
/// <param name="Name">The Cerebras class name.</param>
/// <param name="Kind">Learning rate or weight decay.</param>
/// <param name="Specs">The arguments under generic names with Cerebras' defaults, without <c>param_group_tags</c> (every class takes it).</param>
/// <param name="Description">One line for the catalogue.</param>
/// <param name="Build">Builds the node from bound arguments.</param>
/// <param name="ChildParameter">For composites: the argument holding the child spec(s) (<c>schedulers</c> or <c>scheduler</c>).</param>
internal sealed record CerebrasSchedulerClass(
    string Name,
    CerebrasValueKind Kind,
    IReadOnlyList<ArgumentSpec> Specs,
    string Description,
    Func<CerebrasArgs, CerebrasScheduleNode> Build,
    string? ChildParameter = null)
{
    /// <summary>The driven group key (<c>lr</c> or <c>weight_decay</c>).</summary>
    public string Key => CerebrasArgumentNames.Key(Kind);

    /// <summary>Generic argument names, without <c>param_group_tags</c>.</summary>
    public IReadOnlyList<string> Parameters => Specs.Select(s => s.Key).ToList();

    /// <summary>
    /// The schema a configuration node of this class binds against: every argument under the class's own naming
    /// (LR classes rename the value arguments), then <c>param_group_tags</c>; unknown keys are rejected.
    /// </summary>
    public ArgumentSchema Arguments { get; } = new(Name,
        [.. Specs.Select(s => s with { Key = CerebrasArgumentNames.For(s.Key, Kind) }), Declare.Object(CerebrasArgumentNames.Tags)]);

    /// <summary>
    /// The schema of the registry entry's kwargs: <see cref="Arguments"/>, except that a Sequential's milestones may be
    /// left out (they are then the running sum of its children's <c>total_iters</c>).
    /// </summary>
    public ArgumentSchema EntryArguments => IsSequential
        ? new ArgumentSchema(Name, Arguments.Specs.Select(s => s.Key == "milestones" ? s with { Required = false, Nullable = true } : s))
        : Arguments;

    /// <summary>The argument names this class accepts, under its own naming, including <c>param_group_tags</c>.</summary>
    public IReadOnlyList<string> ArgumentNames => Arguments.UserKeys;

    /// <summary>True for Sequential, Chained and ScalePerParam (they take child schedulers).</summary>
    public bool IsComposite => ChildParameter is not null;

    /// <summary>True when the class is Sequential (its milestones come from the children's total_iters in configurations).</summary>
    public bool IsSequential => ChildParameter == "schedulers" && Parameters.Contains("milestones");
}
