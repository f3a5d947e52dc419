namespace Training.Optim;

/// <summary>One thing wrong with the arguments given for a setting: the key and what is wrong, with the closest valid key for a misspelling.</summary>
/// <param name="Key">The argument's key as given.</param>
/// <param name="Message">What is wrong, starting with the key (e.g. <c>'rnak' is not an argument of apollo_adamw; did you mean 'rank'?</c>).</param>
/// <param name="Closest">The closest declared key when the key is unknown, else null.</param>
public sealed record ArgumentProblem(string Key, string Message, string? Closest = null)
{
    /// <summary>A required argument that was not given (<c>StepLR requires 'step_size'</c>).</summary>
    public static ArgumentProblem Missing(string owner, string key) => new(key, $"{owner} requires '{key}'");
}
