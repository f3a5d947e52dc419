using System.Diagnostics;

namespace Training.Core.Tests;

/// <summary>
/// The Engine issue's acceptance program, as written (Acceptance/Program.cs.txt), compiled and run from a console project
/// outside this repository that only has a ProjectReference to src/Trainer.Core: a plain TorchSharp model trains in our
/// Trainer, TorchSharp loads there too (the compat step travels with the project reference), and PyTorch reads the
/// checkpoint's model.safetensors.
/// </summary>
[NonParallelizable]
public class OutsideProgramTests
{
    [Test]
    public void AcceptanceProgramRunsFromAProjectOutsideTheRepository()
    {
        var project = Directory.CreateTempSubdirectory("trainer-acceptance-");
        var temp = Directory.CreateTempSubdirectory("trainer-acceptance-tmp-");
        try
        {
            Assert.That(project.FullName.StartsWith(Repository.Root, StringComparison.Ordinal), Is.False, "the project must be outside the repository");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Acceptance", "Program.cs.txt"), Path.Combine(project.FullName, "Program.cs"));
            File.WriteAllText(Path.Combine(project.FullName, "Acceptance.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{Repository.File("src", "Trainer.Core", "Trainer.Core.csproj")}" />
                  </ItemGroup>
                </Project>
                """);

            var (code, output) = Run(project.FullName, temp.FullName, "run", "-c", "Release");
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("checkpoint True"), output);
            Assert.That(Directory.Exists(Path.Combine(project.FullName, "bin", "Release", "net10.0", "cpu")), Is.False,
                "TorchSharp fell back to its cpu/ folder of unpatched package files: the first load failed");

            var model = Directory.GetDirectories(temp.FullName, "ts-model-*").Single();
            var shapes = PythonTorch.Run(SafetensorsShapes, Path.Combine(model, "checkpoint-200", "model.safetensors"));
            Assert.That(shapes.Trim(), Is.EqualTo("fc1.bias [32]; fc1.weight [32, 8]; fc2.bias [1]; fc2.weight [1, 32]"));
        }
        finally
        {
            project.Delete(recursive: true);
            temp.Delete(recursive: true);
        }
    }

    // Debian's torch 1.13 has no safetensors package: read the format by hand (8-byte length, JSON header, raw data)
    // and check every tensor's bytes are present, so "readable by PyTorch" means torch.frombuffer works on each.
    private const string SafetensorsShapes = """
        import sys, json, struct, torch
        raw = open(sys.argv[1], "rb").read()
        n = struct.unpack("<Q", raw[:8])[0]
        header = json.loads(raw[8:8 + n])
        data = raw[8 + n:]
        out = []
        for name in sorted(k for k in header if k != "__metadata__"):
            info = header[name]
            assert info["dtype"] == "F32", info
            begin, end = info["data_offsets"]
            t = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(info["shape"])
            assert torch.isfinite(t).all()
            out.append(f"{name} {list(t.shape)}")
        print("; ".join(out))
        """;

    private static (int Code, string Output) Run(string directory, string temp, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // The program writes under Path.GetTempPath(), which follows TMPDIR: point it at a folder this test owns.
        start.Environment["TMPDIR"] = temp;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the acceptance program did not finish within 10 minutes");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
