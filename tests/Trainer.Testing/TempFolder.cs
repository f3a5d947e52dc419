namespace Training.Testing;

/// <summary>
/// A fresh folder under the system temp folder, outside the repository, deleted with everything in it on dispose.
/// </summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates the folder; its name starts with <paramref name="prefix"/>.</summary>
    public TempFolder(string prefix = "trainer-tests-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
        // Inside the checkout the repository's Directory.Build.props, Directory.Packages.props and build outputs would
        // be found by the projects and programs the tests put here; the point of these folders is that nothing is.
        if ((Path + "/").StartsWith(Repository.Root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            Directory.Delete(Path);
            throw new InvalidOperationException($"the temporary folder {Path} is inside the repository {Repository.Root}: point TMPDIR elsewhere");
        }
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The names of the files in the folder (to check that no temporary files are left behind).</summary>
    public string[] FileNames() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

    /// <summary>Deletes the folder and everything in it.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
