namespace Training.Packaging.Tests;

/// <summary>
/// A fresh console project outside the repository that takes our packages from a <see cref="PackageFeed"/>, as a user
/// of the published packages would: its nuget.config adds the feed's folder to the machine's usual package sources,
/// and empty Directory.Build.props / .targets / Directory.Packages.props files stop MSBuild and NuGet from looking
/// further up for others.
/// </summary>
public sealed class ConsumerProject : IDisposable
{
    private readonly ScratchFolder folder = new("trainer-consumer-");

    /// <summary>Writes the project: <paramref name="program"/> as Program.cs, referencing <paramref name="packages"/>.</summary>
    public ConsumerProject(PackageFeed feed, string program, params string[] packages)
    {
        File.WriteAllText(folder.File("nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="trainer-packages-under-test" value="{feed.Folder}" />
              </packageSources>
            </configuration>
            """);
        foreach (var blocker in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(folder.File(blocker), "<Project />\n");
        var references = string.Join("\n", packages.Select(p => $"""    <PackageReference Include="{p}" Version="{feed.Version}" />"""));
        // Warnings are errors here too: a package that makes its consumer's build warn fails the test.
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
            {references}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(folder.File("Program.cs"), program);
    }

    /// <summary>The project's (and program's) name.</summary>
    public static string Name => "Consumer";

    /// <summary>The project folder.</summary>
    public string Folder => folder.Path;

    /// <summary>The build output folder (Release).</summary>
    public string Output => folder.File("bin", "Release", "net10.0");

    /// <summary>Restores and builds in Release.</summary>
    public ChildProcess.Result Build() => ChildProcess.Run("dotnet", ["build", "-c", "Release"], Folder, TimeSpan.FromMinutes(5));

    /// <summary>Runs the built program with <paramref name="environment"/> added.</summary>
    public ChildProcess.Result Run(IReadOnlyDictionary<string, string?> environment) =>
        ChildProcess.Run("dotnet", [Path.Combine(Output, $"{Name}.dll")], Folder, TimeSpan.FromMinutes(5), environment);

    /// <inheritdoc />
    public void Dispose() => folder.Dispose();
}
