using Microsoft.Extensions.Logging;

namespace Training.Core;

/// <summary>
/// Calls the callbacks in order for one event. A non-critical callback that throws is logged and skipped (a broken
/// reporting integration must not kill a long run) unless <c>StopOnCallbackError</c> is set.
/// </summary>
public sealed class CallbackHandler(IEnumerable<TrainerCallback> callbacks, ILogger logger)
{
    private readonly List<TrainerCallback> callbacks = callbacks.ToList();

    /// <summary>The callbacks, in call order.</summary>
    public IReadOnlyList<TrainerCallback> Callbacks => callbacks;

    /// <summary>Appends a callback.</summary>
    public void Add(TrainerCallback callback) => callbacks.Add(callback ?? throw new ArgumentNullException(nameof(callback)));

    /// <summary>Removes every callback of a type.</summary>
    public void Remove<T>() where T : TrainerCallback => callbacks.RemoveAll(c => c is T);

    /// <summary>Runs one event on every callback.</summary>
    public void Invoke(string eventName, Action<TrainerCallback> call, TrainingArguments args)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(args);
        foreach (var callback in callbacks)
        {
            try
            {
                call(callback);
            }
            catch (Exception e) when (!callback.IsCritical && !args.StopOnCallbackError)
            {
                logger.LogError(e, "Callback {Callback} failed in {Event}; training continues (set Training:StopOnCallbackError to stop instead)",
                    callback.GetType().Name, eventName);
            }
        }
    }
}
