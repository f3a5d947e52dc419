namespace Training.Plots.Tests;

/// <summary>A fresh folder per test for the pictures it writes, kept with PLOTS_KEEP (see <see cref="Rendering.KeepPictures"/>) and then removed.</summary>
public abstract class PictureFolderTest
{
    /// <summary>The test's folder.</summary>
    protected string Folder { get; private set; } = "";

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(Folder = Path.Combine(Path.GetTempPath(), "plots-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void DeleteFolder()
    {
        Rendering.KeepPictures(Folder);
        Directory.Delete(Folder, recursive: true);
    }
}
