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
        var program = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Acceptance", "Program.cs.txt"));
        using var project = new OutsideProject(program, [OutsideProject.ProjectReference(Repository.File("src", "Trainer.Core", "Trainer.Core.csproj"))]);
        using var temp = new TempFolder("trainer-acceptance-tmp-");

        var build = project.Build();
        Assert.That(build.Code, Is.EqualTo(0), build.ToString());
        // The program writes under Path.GetTempPath(), which follows TMPDIR: point it at a folder this test owns.
        var run = project.Run(new Dictionary<string, string?> { ["TMPDIR"] = temp.Path });
        Assert.That(run.Code, Is.EqualTo(0), run.ToString());
        Assert.That(run.Output, Does.Contain("checkpoint True"), run.ToString());
        Assert.That(Directory.Exists(Path.Combine(project.Output, "cpu")), Is.False,
            "TorchSharp fell back to its cpu/ folder of unpatched package files: the first load failed");

        var model = Directory.GetDirectories(temp.Path, "ts-model-*").Single();
        var shapes = PythonTorch.Run(SafetensorsShapes, Path.Combine(model, "checkpoint-200", "model.safetensors"));
        Assert.That(shapes.Trim(), Is.EqualTo("fc1.bias [32]; fc1.weight [32, 8]; fc2.bias [1]; fc2.weight [1, 32]"));
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
}
