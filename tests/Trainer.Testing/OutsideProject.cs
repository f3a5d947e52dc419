namespace Training.Testing;

/// <summary>
/// A fresh console project outside the repository, as a user of our projects or packages would write it: Program.cs
/// and one .csproj (warnings are errors there too, so what makes its build warn fails the test). Empty
/// Directory.Build.props / .targets / Directory.Packages.props files stop MSBuild and NuGet from looking further up
/// for others; with a package source, its nuget.config adds that folder to the machine's usual sources.
/// </summary>
public sealed class OutsideProject : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private readonly TempFolder folder = new("trainer-outside-");

    /// <summary>Writes the project: <paramref name="program"/> as Program.cs, <paramref name="references"/> as its items.</summary>
    public OutsideProject(string program, IEnumerable<string> references, string? packageSource = null)
    {
        if (packageSource is not null)
        {
            File.WriteAllText(folder.File("nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="trainer-packages-under-test" value="{packageSource}" />
                  </packageSources>
                </configuration>
                """);
        }

        foreach (var blocker in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(folder.File(blocker), "<Project />\n");
        File.WriteAllText(folder.File($"{Name}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <MSBuildTreatWarningsAsErrors>true</MSBuildTreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {string.Join("\n", references.Select(r => "    " + r))}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(folder.File("Program.cs"), program);
    }

    /// <summary>The project's (and program's) name.</summary>
    public static string Name => "Outside";

    /// <summary>The project folder.</summary>
    public string Folder => folder.Path;

    /// <summary>The build output folder (Release).</summary>
    public string Output => folder.File("bin", "Release", "net10.0");

    /// <summary>A reference to a package of this exact version.</summary>
    public static string PackageReference(string id, string version) => $"""<PackageReference Include="{id}" Version="{version}" />""";

    /// <summary>A reference to a project (of this repository) by its path.</summary>
    public static string ProjectReference(string csproj) => $"""<ProjectReference Include="{csproj}" />""";

    /// <summary>The folder <see cref="Publish"/> writes to.</summary>
    public string Published => folder.File("publish");

    /// <summary>Restores and builds in Release.</summary>
    public ChildProcess.Result Build() => ChildProcess.Run("dotnet", ["build", "-c", "Release"], Folder, Timeout);

    /// <summary>Publishes in Release for <paramref name="runtimeIdentifier"/>, framework-dependent, into <see cref="Published"/>.</summary>
    public ChildProcess.Result Publish(string runtimeIdentifier) =>
        ChildProcess.Run("dotnet", ["publish", "-c", "Release", "-r", runtimeIdentifier, "--self-contained", "false", "-o", Published], Folder, Timeout);

    /// <summary>
    /// Runs the program in <paramref name="appFolder"/> (by default the build output) with <paramref name="environment"/>
    /// added to this process's environment.
    /// </summary>
    public ChildProcess.Result Run(IReadOnlyDictionary<string, string?> environment, string? appFolder = null) =>
        ChildProcess.Run("dotnet", [Path.Combine(appFolder ?? Output, $"{Name}.dll")], Folder, Timeout, environment);

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();
}
