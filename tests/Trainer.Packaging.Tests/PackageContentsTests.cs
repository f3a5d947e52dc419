using System.IO.Compression;
using System.Xml.Linq;

namespace Training.Packaging.Tests;

/// <summary>
/// One package (and one symbol package) per src/ project, each with its description, license, README and XML docs;
/// the compat step inside Trainer.TorchExtensions; TorchSharp inside the tool.
/// </summary>
public class PackageContentsTests
{
    private static PackageFeed Feed => PackagesUnderTest.Feed;

    private static IEnumerable<SourceProject> Projects => SourceProject.All;

    [Test]
    public void EverySourceProjectIsPackedWithItsSymbols()
    {
        Assert.That(Feed.PackageIds, Is.EquivalentTo(Projects.Select(p => p.PackageId)));
        foreach (var id in Feed.PackageIds)
            Assert.That(File.Exists(Feed.SymbolPackage(id)), Is.True, $"{id} has no symbol package");
    }

    [TestCaseSource(nameof(Projects))]
    public void APackageCarriesItsDescriptionLicenseReadmeAndDocumentation(SourceProject project)
    {
        using var package = ZipFile.OpenRead(Feed.Package(project.PackageId));
        var nuspec = Metadata(package, project.PackageId);
        Assert.Multiple(() =>
        {
            Assert.That(Value(nuspec, "version"), Is.EqualTo(Feed.Version));
            Assert.That(project.Description, Is.Not.Empty, $"{project.PackageId}'s project has no Description");
            Assert.That(Value(nuspec, "description"), Is.EqualTo(project.Description));
            Assert.That(Value(nuspec, "license"), Is.EqualTo("MIT"));
            Assert.That(Value(nuspec, "readme"), Is.EqualTo("README.md"));
            Assert.That(Value(nuspec, "authors"), Is.EqualTo("The Trainer authors"));
            Assert.That(Text(package, "README.md"), Is.EqualTo(File.ReadAllText(Repository.File("src", "Package.README.md"))));
            Assert.That(Text(package, "LICENSE"), Does.Contain("Copyright (c) 2026 The Trainer authors"));
            var folder = project.IsTool ? "tools/net10.0/any" : "lib/net10.0";
            Assert.That(Entry(package, $"{folder}/{project.AssemblyName}.dll"), Is.Not.Null, $"{folder}/{project.AssemblyName}.dll");
            Assert.That(Entry(package, $"{folder}/{project.AssemblyName}.xml"), Is.Not.Null, $"{folder}/{project.AssemblyName}.xml (the XML docs)");
        });
    }

    [Test]
    public void TheTorchExtensionsPackageCarriesTheCompatStepForItsConsumers()
    {
        using var package = ZipFile.OpenRead(Feed.Package("Trainer.TorchExtensions"));
        var build = Repository.File("src", "Trainer.TorchExtensions", "build");
        var files = Directory.GetFiles(build).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.That(files, Does.Contain("Trainer.TorchExtensions.targets"), "NuGet imports buildTransitive/<package id>.targets");
        Assert.That(package.Entries.Where(e => e.FullName.StartsWith("buildTransitive/", StringComparison.Ordinal)).Select(e => e.Name).Order(StringComparer.Ordinal),
            Is.EqualTo(files));
        foreach (var file in files)
            Assert.That(Text(package, $"buildTransitive/{file}"), Is.EqualTo(File.ReadAllText(Path.Combine(build, file!))), file);
    }

    [Test]
    public void TheToolPackageCarriesTheTorchSharpLibraryThatLoadsHere()
    {
        using var package = ZipFile.OpenRead(Feed.Package("Trainer.Cli"));
        const string Native = $"tools/net10.0/any/{TorchSharpCompat.NativeFolder}/";
        Assert.That(Entry(package, Native + "libLibTorchSharp.so"), Is.Not.Null);
        if (TorchSharpCompat.WhyNothingIsPatched is { } reason) Assert.Pass(reason);

        Assert.That(Entry(package, Native + TorchSharpCompat.CompatLibrary), Is.Not.Null, $"the tool lacks {TorchSharpCompat.CompatLibrary}");
        var library = Path.GetTempFileName();
        try
        {
            Entry(package, Native + "libLibTorchSharp.so")!.ExtractToFile(library, overwrite: true);
            Assert.That(TorchSharpCompat.IsPatched(library), Is.True, "the tool ships the package's unpatched libLibTorchSharp.so");
        }
        finally
        {
            File.Delete(library);
        }
    }

    [Test]
    public void TheRecipesPackageCopiesTheCorpusToItsConsumersOutput()
    {
        const string Corpus = "contentFiles/any/any/data/tinyshakespeare.txt";
        using var package = ZipFile.OpenRead(Feed.Package("Trainer.Recipes"));
        Assert.That(Text(package, Corpus), Is.EqualTo(File.ReadAllText(Repository.File("data", "tinyshakespeare.txt"))));
        var files = Metadata(package, "Trainer.Recipes").Elements().Single(e => e.Name.LocalName == "contentFiles").Elements().ToArray();
        Assert.That(files.Select(f => (f.Attribute("include")?.Value, f.Attribute("copyToOutput")?.Value)),
            Is.EquivalentTo(new[] { ((string?)"any/any/data/tinyshakespeare.txt", (string?)"true") }));
    }

    private static XElement Metadata(ZipArchive package, string id) =>
        XDocument.Parse(Text(package, $"{id}.nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    private static string? Value(XElement metadata, string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private static ZipArchiveEntry? Entry(ZipArchive package, string path) => package.GetEntry(path);

    private static string Text(ZipArchive package, string path)
    {
        using var reader = new StreamReader((Entry(package, path) ?? throw new AssertionException($"the package has no {path}")).Open());
        return reader.ReadToEnd();
    }
}
