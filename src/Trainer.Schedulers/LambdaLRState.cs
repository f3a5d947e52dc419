using System.Collections;

namespace Training.Schedulers;

/// <summary>
/// The state-dict layout of PyTorch's <c>LambdaLR</c> (what Transformers writes to <c>scheduler.pt</c>), shared by
/// every scheduler that mirrors it so the layout is defined once.
/// </summary>
internal static class LambdaLRState
{
    /// <summary>
    /// <c>base_lrs</c>, <c>last_epoch</c>, <c>verbose</c>, <c>_step_count</c>, <c>_get_lr_called_within_step</c>,
    /// <c>_last_lr</c>, <c>lr_lambdas</c> (None per group: functions are not saved), in PyTorch's order.
    /// </summary>
    public static OrderedDictionary<object, object?> Write(IEnumerable<double> baseValues, long lastEpoch, long stepCount, IEnumerable<double> lastValues)
    {
        var bases = baseValues.Cast<object?>().ToList();
        return new OrderedDictionary<object, object?>
        {
            ["base_lrs"] = bases,
            ["last_epoch"] = lastEpoch,
            ["verbose"] = false,
            ["_step_count"] = stepCount,
            ["_get_lr_called_within_step"] = false,
            ["_last_lr"] = lastValues.Cast<object?>().ToList(),
            ["lr_lambdas"] = bases.Select(_ => (object?)null).ToList(),
        };
    }

    /// <summary>The saved position: <c>last_epoch</c> (required) and <c>_step_count</c> (last_epoch + 1 when absent, as after construction and k steps).</summary>
    public static (long LastEpoch, long StepCount) ReadPosition(IDictionary state)
    {
        if (!state.Contains("last_epoch")) throw new ArgumentException("scheduler state has no 'last_epoch' entry");
        var lastEpoch = Convert.ToInt64(state["last_epoch"]);
        return (lastEpoch, state.Contains("_step_count") ? Convert.ToInt64(state["_step_count"]) : lastEpoch + 1);
    }

    /// <summary>A list of numbers saved under <paramref name="key"/>, or null when absent.</summary>
    public static double[]? ReadValues(IDictionary state, string key) =>
        !state.Contains(key) ? null
        : (state[key] as IEnumerable ?? throw new ArgumentException($"scheduler state '{key}' is not a list")).Cast<object?>().Select(Convert.ToDouble).ToArray();
}
