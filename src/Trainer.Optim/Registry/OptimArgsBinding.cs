namespace Training.Optim;

/// <summary>
/// Applies <c>OptimArgs</c> to parameter groups the way Transformers merges <c>optim_args</c> into an optimizer's
/// constructor kwargs (since PR #44203): each value is literal-evaluated and becomes a default — a group that
/// sets the key itself keeps its own value. A key the optimizer does not take is an error listing the ones it does.
/// </summary>
public static class OptimArgsBinding
{
    /// <summary>Copies of <paramref name="groups"/> with the arguments applied.</summary>
    public static IReadOnlyList<ParamGroup> Apply(IReadOnlyList<ParamGroup> groups, OptimizerOptions options, OptimArgs args, string optimizerName)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(args);
        var accepted = options.ToDefaults().Keys.Where(k => k is not ("foreach" or "capturable" or "differentiable" or "fused")).ToList();
        foreach (var key in args.Values.Keys)
        {
            if (!accepted.Contains(key)) throw OptimArgs.NotAnArgument(key, optimizerName, accepted);
        }

        return groups.Select(group =>
        {
            var merged = new Dictionary<string, object?>(group.Options, StringComparer.Ordinal);
            foreach (var (key, raw) in args.Values)
                if (!merged.ContainsKey(key)) merged[key] = OptimArgs.LiteralEval(raw);
            return new ParamGroup(group.Parameters, merged, group.Tags);
        }).ToList();
    }
}
