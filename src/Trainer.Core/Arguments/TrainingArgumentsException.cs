namespace Training.Core;

/// <summary>Invalid training arguments; the message lists every problem, each naming its key.</summary>
public sealed class TrainingArgumentsException(IReadOnlyList<string> problems)
    : ArgumentException(string.Join(Environment.NewLine, problems))
{
    /// <summary>Each problem, one message per key.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
