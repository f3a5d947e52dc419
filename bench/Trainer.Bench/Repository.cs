namespace Training.Bench;

/// <summary>Paths in the repository the bench program was built from.</summary>
internal static class Repository
{
    /// <summary>The folder holding Trainer.sln, found upwards from the program or the current folder.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Trainer.sln"))) return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Trainer.sln not found above the program or the current folder; run the bench from the repository.");
    }
}
