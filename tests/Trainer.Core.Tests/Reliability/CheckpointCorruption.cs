namespace Training.Core.Tests.Reliability;

/// <summary>One damaged checkpoint: which file, how it is damaged, and the fragments the error must contain.</summary>
/// <param name="Name">The case name.</param>
/// <param name="File">The file damaged (the error must name it as checkpoint-10/&lt;File&gt;).</param>
/// <param name="Damage">Damages the file at the given path.</param>
/// <param name="Fragments">Parts of the expected message (the entry or tensor and the problem).</param>
public sealed record CheckpointCorruption(string Name, string File, Action<string> Damage, params string[] Fragments)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}
