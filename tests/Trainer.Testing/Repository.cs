namespace Training.Testing;

/// <summary>The checkout the tests run from (the folder holding Trainer.sln).</summary>
public static class Repository
{
    /// <summary>The repository root.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "Trainer.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("Trainer.sln not found above the test binaries");
        }
    }

    /// <summary>A path inside the repository.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
