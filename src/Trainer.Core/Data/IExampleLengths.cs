namespace Training.Core;

/// <summary>
/// A dataset that knows the length of each example without building it (Transformers' <c>lengths</c> /
/// <c>length_column_name</c>), so <see cref="TrainingArguments.GroupByLength"/> can group examples of similar length.
/// </summary>
public interface IExampleLengths
{
    /// <summary>The length (input tokens) of the example at <paramref name="index"/>.</summary>
    int LengthOf(int index);
}
