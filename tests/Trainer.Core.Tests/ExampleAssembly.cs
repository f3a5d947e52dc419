namespace Training.Core.Tests;

/// <summary>The example programs these tests start as processes, built with the solution.</summary>
internal static class ExampleAssembly
{
    /// <summary>The TinyGpt example's assembly, in the same configuration as these tests.</summary>
    public static string TinyGpt()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Repository.File("examples", "TinyGpt", "bin", configuration, "net10.0", "TinyGpt.dll");
        Assert.That(File.Exists(path), Is.True, $"build the solution first: {path} is missing");
        return path;
    }
}
