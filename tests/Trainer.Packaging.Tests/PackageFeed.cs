using System.Diagnostics;
using System.Reflection;

namespace Training.Packaging.Tests;

/// <summary>
/// Every src/ project packed into a temporary folder with a version no earlier run used, so a restore can only take
/// these packages, never a stale copy from the global packages folder. Disposing deletes the folder and every copy of
/// this version that a restore extracted into the global packages folder.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);

    private PackageFeed(string folder, string version, TimeSpan packTime)
    {
        Folder = folder;
        Version = version;
        PackTime = packTime;
    }

    /// <summary>The folder holding the .nupkg and .snupkg files: a local package source.</summary>
    public string Folder { get; }

    /// <summary>The version every package got.</summary>
    public string Version { get; }

    /// <summary>How long packing took.</summary>
    public TimeSpan PackTime { get; }

    /// <summary>The packed package ids.</summary>
    public IReadOnlyList<string> PackageIds =>
        [.. Directory.GetFiles(Folder, $"*.{Version}.nupkg").Select(p => Path.GetFileName(p)[..^$".{Version}.nupkg".Length]).Order(StringComparer.Ordinal)];

    /// <summary>The package file of <paramref name="id"/>.</summary>
    public string Package(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");

    /// <summary>The symbol package file of <paramref name="id"/>.</summary>
    public string SymbolPackage(string id) => Path.Combine(Folder, $"{id}.{Version}.snupkg");

    /// <summary>
    /// Packs the solution's packable projects (those under src/) from their existing build outputs, as built in this
    /// test project's configuration; fails with the SDK's output when packing fails.
    /// </summary>
    public static PackageFeed Pack()
    {
        var version = $"0.0.0-packagetest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var folder = Directory.CreateTempSubdirectory("trainer-packages-").FullName;
        var nuspecs = Directory.CreateTempSubdirectory("trainer-nuspecs-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            // The nuspec files go to a folder of ours, not one per version into the projects' obj/ folders.
            var pack = ChildProcess.Run("dotnet",
                ["pack", Repository.File("Trainer.sln"), "-c", Configuration, "--no-build", "-o", folder, $"-p:Version={version}", $"-p:NuspecOutputPath={nuspecs}/"],
                Repository.Root, PackTimeout);
            if (pack.Code != 0) throw new InvalidOperationException($"dotnet pack failed:\n{pack}");
            return new PackageFeed(folder, version, clock.Elapsed);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
        finally
        {
            Directory.Delete(nuspecs, recursive: true);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var globalPackages = GlobalPackagesFolder();
        foreach (var id in PackageIds)
        {
            var installed = Path.Combine(globalPackages, id.ToLowerInvariant());
            var thisVersion = Path.Combine(installed, Version.ToLowerInvariant());
            if (Directory.Exists(thisVersion)) Directory.Delete(thisVersion, recursive: true);
            if (Directory.Exists(installed) && !Directory.EnumerateFileSystemEntries(installed).Any()) Directory.Delete(installed);
        }

        Directory.Delete(Folder, recursive: true);
    }

    private static string Configuration =>
        typeof(PackageFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    // Where restores extract packages (NUGET_PACKAGES or a nuget.config may move it from ~/.nuget/packages).
    private static string GlobalPackagesFolder()
    {
        var list = ChildProcess.Run("dotnet", ["nuget", "locals", "global-packages", "--list"], Path.GetTempPath(), TimeSpan.FromMinutes(1));
        const string Prefix = "global-packages:";
        var line = list.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (list.Code != 0 || line is null) throw new InvalidOperationException($"dotnet nuget locals did not name the global packages folder:\n{list}");
        return line[Prefix.Length..].Trim();
    }
}
