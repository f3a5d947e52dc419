namespace Training.Core;

/// <summary>
/// A callback whose state is saved in <c>trainer_state.json</c>'s <c>stateful_callbacks</c> under
/// <see cref="StateKey"/> (Transformers' <c>ExportableState</c>) and, with
/// <see cref="TrainingArguments.RestoreCallbackStatesFromCheckpoint"/>, given back on resume.
/// </summary>
public interface IStatefulCallback
{
    /// <summary>The entry of <c>stateful_callbacks</c> the callback writes (Transformers uses the class name).</summary>
    string StateKey { get; }

    /// <summary>Takes back the values it saved in a checkpoint, before training resumes.</summary>
    void RestoreState(IReadOnlyDictionary<string, double> state);
}
