namespace Training.Optim;

/// <summary>
/// Arguments that do not bind to their schema. It lists every problem, each prefixed with the setting's path
/// (<c>OptimArgs: 'rnak' is not an argument of apollo_adamw; did you mean 'rank'? ...</c>), so one run shows them all.
/// </summary>
public sealed class ArgumentBindingException : ArgumentException
{
    /// <summary>Creates the error for <paramref name="path"/> (the setting, e.g. <c>OptimArgs</c>).</summary>
    public ArgumentBindingException(string path, string owner, IReadOnlyList<ArgumentProblem> problems)
        : base(Compose(path, problems), path)
    {
        Path = path;
        Owner = owner;
        Problems = problems;
    }

    /// <summary>The setting the arguments came from.</summary>
    public string Path { get; }

    /// <summary>The optimizer or scheduler whose arguments they are.</summary>
    public string Owner { get; }

    /// <summary>Every problem, in the order the arguments were given.</summary>
    public IReadOnlyList<ArgumentProblem> Problems { get; }

    /// <summary>The message without ArgumentException's "(Parameter ...)" suffix.</summary>
    public string Summary => Compose(Path, Problems);

    private static string Compose(string path, IReadOnlyList<ArgumentProblem> problems) =>
        string.Join(Environment.NewLine, problems.Select(p => $"{path}: {p.Message}"));
}
