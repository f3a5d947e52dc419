namespace Training.Core;

/// <summary>
/// Range checks on a <c>trainer_state.json</c> read for resuming: the JSON types are checked by the reader, the
/// values here, so a state that would make the run "finish" with nothing trained (<c>global_step</c> 10^12) or fail
/// later (a negative step) is refused when the checkpoint is loaded.
/// </summary>
internal static class TrainerStateChecks
{
    /// <summary>Throws <see cref="CheckpointException"/> for <paramref name="file"/> naming the first bad field.</summary>
    public static void Check(TrainerState state, long maxSteps, string file)
    {
        if (state.GlobalStep < 0 || state.GlobalStep > maxSteps)
            throw new CheckpointException(file, $"'global_step' is {state.GlobalStep}, outside this run's plan of 0 to {maxSteps} steps (MaxSteps)");
        if (!double.IsFinite(state.Epoch) || state.Epoch < 0)
            throw new CheckpointException(file, $"'epoch' is {state.Epoch}, expected a finite non-negative number");
        if (state.BestGlobalStep is long best && (best < 0 || best > state.GlobalStep))
            throw new CheckpointException(file, $"'best_global_step' is {best}, outside 0 to 'global_step' ({state.GlobalStep})");
        if (state.BestMetric is double metric && double.IsNaN(metric))
            throw new CheckpointException(file, "'best_metric' is NaN");
        if (state.NumInputTokensSeen < 0)
            throw new CheckpointException(file, $"'num_input_tokens_seen' is {state.NumInputTokensSeen}, expected a non-negative count");
        if (!double.IsFinite(state.TotalFlos) || state.TotalFlos < 0)
            throw new CheckpointException(file, $"'total_flos' is {state.TotalFlos}, expected a finite non-negative number");
        if (state.LogHistory.Any(entry => entry is null))
            throw new CheckpointException(file, "'log_history' holds null instead of an entry");
    }
}
