using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Which parameter groups a scheduler drives (Cerebras' <c>param_group_tags</c>): no tags selects every group;
/// otherwise a group is selected when its tags intersect the scheduler's, an untagged group counting as the tag
/// <c>null</c> (so <c>[null]</c> selects exactly the untagged groups).
/// </summary>
public static class GroupSelection
{
    /// <summary>Indices of the selected groups; an error listing the available tags when none is selected.</summary>
    public static IReadOnlyList<int> Select(Optimizer optimizer, IReadOnlyCollection<string?>? tags)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var groups = optimizer.ParamGroups;
        if (tags is null) return Enumerable.Range(0, groups.Count).ToList();
        if (tags.Count != tags.Distinct().Count()) throw new ArgumentException("param_group_tags contains duplicates", nameof(tags));
        var selected = Enumerable.Range(0, groups.Count).Where(i => Matches(groups[i], tags)).ToList();
        if (selected.Count == 0)
        {
            var available = groups.SelectMany(g => g.Tags.Count == 0 ? new string?[] { null } : g.Tags.Cast<string?>()).Distinct()
                .Select(t => t ?? "None");
            throw new ArgumentException(
                $"param_group_tags [{string.Join(", ", tags.Select(t => t ?? "None"))}] select no parameter group (available tags: {string.Join(", ", available)})",
                nameof(tags));
        }

        return selected;
    }

    private static bool Matches(ParamGroup group, IReadOnlyCollection<string?> tags) =>
        group.Tags.Count == 0 ? tags.Contains(null) : group.Tags.Any(t => tags.Contains(t));
}
