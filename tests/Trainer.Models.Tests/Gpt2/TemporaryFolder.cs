namespace Training.Models.Tests;

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TemporaryFolder(DirectoryInfo folder) : IDisposable
{
    /// <summary>The folder's full path.</summary>
    public string Path => folder.FullName;

    /// <summary>Deletes the folder and everything in it.</summary>
    public void Dispose()
    {
        if (folder.Exists) folder.Delete(recursive: true);
    }
}
