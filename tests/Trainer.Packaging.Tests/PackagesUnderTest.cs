namespace Training.Packaging.Tests;

/// <summary>Packs once for every test here (packing the tool is most of the time), and cleans up after the last.</summary>
[SetUpFixture]
public sealed class PackagesUnderTest
{
    private static PackageFeed? feed;

    /// <summary>The packages the tests use.</summary>
    public static PackageFeed Feed => feed ?? throw new InvalidOperationException("the packages were not packed");

    /// <summary>Packs every src/ project.</summary>
    [OneTimeSetUp]
    public void Pack()
    {
        feed = PackageFeed.Pack();
        TestContext.Progress.WriteLine($"packed {feed.PackageIds.Count} packages {feed.Version} in {feed.PackTime.TotalSeconds:F0} s");
        foreach (var id in feed.PackageIds)
            TestContext.Progress.WriteLine($"  {id}: {new FileInfo(feed.Package(id)).Length / 1e6:F2} MB, symbols {new FileInfo(feed.SymbolPackage(id)).Length / 1e6:F2} MB");
    }

    /// <summary>Deletes the packages and their installed copies.</summary>
    [OneTimeTearDown]
    public void Remove() => feed?.Dispose();
}
