namespace Training.Testing;

/// <summary>A new temporary folder outside the repository, deleted with everything in it when disposed.</summary>
public sealed class ScratchFolder : IDisposable
{
    /// <summary>Creates the folder; its name starts with <paramref name="prefix"/>.</summary>
    public ScratchFolder(string prefix)
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
        // Inside the checkout the repository's Directory.Build.props, Directory.Packages.props and build outputs would
        // be found; the point of these folders is that nothing of the repository is.
        if (Path.StartsWith(Repository.Root, StringComparison.Ordinal))
        {
            Directory.Delete(Path);
            throw new InvalidOperationException($"the temporary folder {Path} is inside the repository {Repository.Root}: point TMPDIR elsewhere");
        }
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Path, recursive: true);
}
