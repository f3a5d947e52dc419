namespace Training.Schedulers;

/// <summary>
/// One Cerebras scheduler class (e.g. CosineDecayLR): its name, what it drives, the arguments it takes (generic
/// names, see <see cref="CerebrasArgumentNames"/>) and how its arguments become a <see cref="CerebrasScheduleNode"/>.
/// </summary>
/// <param name="Name">The Cerebras class name.</param>
/// <param name="Kind">Learning rate or weight decay.</param>
/// <param name="Parameters">Generic argument names, without <c>param_group_tags</c> (every class takes it).</param>
/// <param name="Description">One line for the catalogue.</param>
/// <param name="Build">Builds the node from validated arguments.</param>
/// <param name="ChildParameter">For composites: the argument holding the child spec(s) (<c>schedulers</c> or <c>scheduler</c>).</param>
internal sealed record CerebrasSchedulerClass(
    string Name,
    CerebrasValueKind Kind,
    IReadOnlyList<string> Parameters,
    string Description,
    Func<CerebrasArgs, CerebrasScheduleNode> Build,
    string? ChildParameter = null)
{
    /// <summary>The driven group key (<c>lr</c> or <c>weight_decay</c>).</summary>
    public string Key => CerebrasArgumentNames.Key(Kind);

    /// <summary>The argument names this class accepts, under its own naming, including <c>param_group_tags</c>.</summary>
    public IReadOnlyList<string> ArgumentNames =>
        Parameters.Select(p => CerebrasArgumentNames.For(p, Kind)).Append(CerebrasArgumentNames.Tags).ToList();

    /// <summary>True for Sequential, Chained and ScalePerParam (they take child schedulers).</summary>
    public bool IsComposite => ChildParameter is not null;

    /// <summary>True when the class is Sequential (its milestones come from the children's total_iters in configurations).</summary>
    public bool IsSequential => ChildParameter == "schedulers" && Parameters.Contains("milestones");
}
