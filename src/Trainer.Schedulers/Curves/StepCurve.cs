namespace Training.Schedulers;

/// <summary>
/// Step decay, the multiplier of PyTorch's <c>StepLR</c> (<c>gamma^⌊t/step_size⌋</c>) and <c>MultiStepLR</c>
/// (<c>gamma^#{milestones ≤ t}</c>, a repeated milestone counting once per occurrence as PyTorch's <c>Counter</c>
/// does), shared with Cerebras' <c>StepLR</c>/<c>MultiStepLR</c> (torch-identical; see <c>reference/cerebras.md</c>).
/// </summary>
internal static class StepCurve
{
    /// <summary><c>gamma^⌊t/step_size⌋</c>, the exponent an integer division as upstream's <c>//</c>.</summary>
    public static double Step(double gamma, long t, long stepSize) => Math.Pow(gamma, t / stepSize);

    /// <summary><c>gamma^#{m ∈ milestones : m ≤ t}</c> over <paramref name="sortedMilestones"/> (ascending).</summary>
    public static double MultiStep(double gamma, IReadOnlyList<long> sortedMilestones, long t) => Math.Pow(gamma, Passed(sortedMilestones, t));

    /// <summary>How many of the ascending <paramref name="sortedMilestones"/> are at or before <paramref name="t"/>.</summary>
    private static int Passed(IReadOnlyList<long> sortedMilestones, long t)
    {
        int low = 0, high = sortedMilestones.Count;
        // The first index whose milestone is after t (binary search: schedules are evaluated at every step).
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (sortedMilestones[middle] <= t) low = middle + 1;
            else high = middle;
        }

        return low;
    }
}
