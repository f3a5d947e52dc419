// Build targets. Run through ./build.sh, which installs the system packages first.
#nullable enable
using System.Xml.Linq;

var target = Argument("target", "build");
var configuration = Argument("configuration", "Release");
var solution = "./Trainer.sln";
var resultsDirectory = MakeAbsolute(Directory("./artifacts/test-results"));

Task("build")
    .Description("Builds every project (and, where the system libstdc++ needs it, the TorchSharp compat library).")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
});

Task("test")
    .Description("Runs every test project, then the TorchSharp sample (a plain TorchSharp model trained by our Trainer).")
    .IsDependentOn("build")
    .Does(() =>
{
    CleanDirectory(resultsDirectory);
    var failures = new List<string>();
    foreach (var project in GetFiles("./tests/**/*.Tests.csproj"))
    {
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                // The long-running kill tests have their own target (reliability).
                Filter = "TestCategory!=Reliability",
                ResultsDirectory = resultsDirectory,
                Loggers = new[] { $"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx", "console;verbosity=normal" },
            });
        }
        catch (Exception e)
        {
            failures.Add($"{project.GetFilenameWithoutExtension()}: {e.Message}");
        }
    }

    // The sample is a plain TorchSharp program trained by our Trainer; it must print OK.
    var sample = RunAndCapture("dotnet", $"run --no-build -c {configuration} --project examples/TorchSharpSample");
    var sampleOk = sample.exitCode == 0 && sample.output.Trim() == "OK";
    Information($"TorchSharp sample printed '{sample.output.Trim()}' (exit {sample.exitCode})");

    long passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles($"{resultsDirectory}/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        passed += long.Parse(counters.Attribute("passed")!.Value);
        failed += long.Parse(counters.Attribute("failed")!.Value) + long.Parse(counters.Attribute("error")!.Value);
        skipped += long.Parse(counters.Attribute("notExecuted")!.Value);
    }
    passed += sampleOk ? 1 : 0;
    failed += sampleOk ? 0 : 1;
    // Plain text (no log colouring) so CI can read the closing "N passed, N failed" line.
    // A test host that crashed leaves a partial .trx with no failures counted: name such projects in the line too.
    Console.WriteLine($"Tests: {passed} passed, {failed} failed, {skipped} skipped" + (failures.Count > 0 ? $"; {failures.Count} test project(s) did not finish: {string.Join(", ", failures)}" : ""));
    if (failures.Count > 0 || !sampleOk || failed > 0)
        throw new Exception("Tests failed: " + string.Join("; ", failures.Append(sampleOk ? "" : "TorchSharp sample did not print OK").Where(s => s.Length > 0)));
});

Task("reliability")
    .Description("Runs the long reliability tests (category Reliability): TinyGpt killed 20 times during checkpoint saves.")
    .IsDependentOn("build")
    .Does(() =>
{
    DotNetTest("./tests/Trainer.Core.Tests/Trainer.Core.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        Filter = "TestCategory=Reliability",
        Loggers = new[] { "console;verbosity=normal" },
    });
});

Task("train")
    .Description("Trains the TinyGpt example with its appsettings.json (extra arguments: --Training:Key=value).")
    .IsDependentOn("build")
    .Does(() =>
{
    var extra = string.Join(" ", Arguments<string>("training", Array.Empty<string>()).Select(a => $"--Training:{a}"));
    var exit = StartProcess("dotnet", $"run --no-build -c {configuration} --project examples/TinyGpt -- {extra}");
    if (exit != 0) throw new Exception($"TinyGpt exited with {exit}");
});

Task("bench")
    .Description("Runs the benchmarks: per-op overhead, fused AdamW, every fused optimizer kernel against its op-by-op path, and memory bandwidth, then TinyGpt training throughput, each against PyTorch.")
    .IsDependentOn("build")
    .Does(() =>
{
    foreach (var project in new[] { "bench/Trainer.Bench", "bench/Trainer.Bench.TinyGpt" })
    {
        var exit = StartProcess("dotnet", $"run --no-build -c {configuration} --project {project}");
        if (exit != 0) throw new Exception($"{project} exited with {exit}");
    }
});

Task("pack")
    .Description("Packs every src/ project (the libraries and the trainer tool) into artifacts/packages (extra: --package-version=1.2.3).")
    .Does(() =>
{
    var packages = MakeAbsolute(Directory("./artifacts/packages"));
    CleanDirectory(packages);
    var settings = new DotNetPackSettings { Configuration = configuration, OutputDirectory = packages };
    var version = Argument<string?>("package-version", null);
    if (version is not null) settings.MSBuildSettings = new DotNetMSBuildSettings().WithProperty("Version", version);
    DotNetPack(solution, settings);
    foreach (var package in GetFiles($"{packages}/*.nupkg").OrderBy(p => p.FullPath))
        Console.WriteLine($"{package.GetFilename()}: {new System.IO.FileInfo(package.FullPath).Length / 1e6:F2} MB");
});

(int exitCode, string output) RunAndCapture(string file, string arguments)
{
    var exitCode = StartProcess(file, new ProcessSettings { Arguments = arguments, RedirectStandardOutput = true }, out var lines);
    return (exitCode, string.Join("\n", lines));
}

RunTarget(target);
