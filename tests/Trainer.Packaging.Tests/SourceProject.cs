using System.Xml.Linq;

namespace Training.Packaging.Tests;

/// <summary>A project under src/, as its package should present it (read from the .csproj, as the SDK defaults it).</summary>
public sealed record SourceProject(string PackageId, string AssemblyName, string Description, bool IsTool)
{
    /// <summary>Every project under src/.</summary>
    public static IReadOnlyList<SourceProject> All =>
        [.. Directory.GetFiles(Repository.File("src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(Read)];

    /// <summary>The package id, which names the test case.</summary>
    public override string ToString() => PackageId;

    private static SourceProject Read(string csproj)
    {
        var properties = XDocument.Load(csproj).Descendants().Where(e => e.Parent?.Name.LocalName == "PropertyGroup").ToList();
        string? Property(string name) => properties.LastOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
        var assemblyName = Property("AssemblyName") ?? Path.GetFileNameWithoutExtension(csproj);
        return new SourceProject(Property("PackageId") ?? assemblyName, assemblyName, Property("Description") ?? "",
            string.Equals(Property("PackAsTool"), "true", StringComparison.OrdinalIgnoreCase));
    }
}
