using System.Text;

namespace Training.Core.Tests.Reliability;

/// <summary>
/// An optimizer.pt whose pickle calls a dangerous global (directly, or nested in a dict or a list) is refused with a
/// <see cref="CheckpointException"/> naming the global, and its payload never runs. Python's own unpickler is the
/// oracle that each payload is live: run there, it creates the marker file.
/// </summary>
[NonParallelizable]
public class MaliciousPickleTests
{
    public sealed record Payload(string Name, string Module, string Global, string Container)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<Payload> Payloads()
    {
        foreach (var container in new[] { "top", "dict", "list" })
        {
            yield return new($"OsSystem_{container}", "os", "system", container);
            yield return new($"PosixSystem_{container}", "posix", "system", container);
            yield return new($"BuiltinsEval_{container}", "builtins", "eval", container);
            yield return new($"SubprocessPopen_{container}", "subprocess", "Popen", container);
        }
    }

    /// <summary>Protocol-2 opcodes: GLOBAL, the argument tuple, REDUCE, wrapped as the container says.</summary>
    private static byte[] Pickle(Payload payload, string marker)
    {
        var bytes = new List<byte> { 0x80, 2 };
        void Text(string s)
        {
            var utf8 = Encoding.UTF8.GetBytes(s);
            bytes.Add((byte)'X');
            bytes.AddRange(BitConverter.GetBytes(utf8.Length));
            bytes.AddRange(utf8);
        }

        if (payload.Container == "dict") { bytes.Add((byte)'}'); Text("state"); }
        if (payload.Container == "list") bytes.Add((byte)']');
        bytes.AddRange(Encoding.ASCII.GetBytes($"c{payload.Module}\n{payload.Global}\n"));
        switch (payload.Global)
        {
            case "system": Text($"touch {marker}"); break;
            case "eval": Text($"open('{marker}', 'w').close()"); break;
            default: bytes.Add((byte)']'); Text("touch"); bytes.Add((byte)'a'); Text(marker); bytes.Add((byte)'a'); break; // Popen(['touch', marker])
        }

        bytes.Add(0x85); // TUPLE1
        bytes.Add((byte)'R'); // REDUCE
        if (payload.Container == "dict") bytes.Add((byte)'s'); // SETITEM
        if (payload.Container == "list") bytes.Add((byte)'a'); // APPEND
        bytes.Add((byte)'.');
        return [.. bytes];
    }

    [TestCaseSource(nameof(Payloads))]
    public void AMaliciousOptimizerPickleIsRefusedWithoutRunningIt(Payload payload)
    {
        using var output = new TempFolder();
        var folder = CheckpointFixture.CopyTo(output.Path);
        var marker = Path.Combine(output.Path, "pwned");
        var pickle = Pickle(payload, marker);
        CheckpointMutations.EditZipEntries(Path.Combine(folder, CheckpointFiles.Optimizer), (name, data) => name.EndsWith("data.pkl", StringComparison.Ordinal) ? pickle : data);
        var before = CheckpointFixture.Snapshot(output.Path);
        using var model = new TinyRegression(seed: 99);
        var parameters = CheckpointFixture.Parameters(model);
        var trainer = CheckpointFixture.NewTrainer(model, output.Path, null, maxSteps: 20);

        var error = Assert.Throws<CheckpointException>(() => trainer.Train(resumeFromCheckpoint: folder))!;

        Assert.That(error.Message, Does.StartWith($"{CheckpointFixture.Name}/{CheckpointFiles.Optimizer}"));
        Assert.That(error.Message, Does.Contain($"'{payload.Module}.{payload.Global}', which is not allowed"));
        Assert.That(File.Exists(marker), Is.False, "the payload ran");
        CheckpointFixture.AssertUnchanged(parameters, model);
        CheckpointFixture.AssertUnchanged(before, output.Path);

        // The oracle: Python's unpickler runs the same bytes and the marker appears, so the payload is real.
        var pickleFile = Path.Combine(output.Path, "payload.pkl");
        File.WriteAllBytes(pickleFile, pickle);
        PythonTorch.Run("import pickle, sys, time\ntry:\n    pickle.loads(open(sys.argv[1], 'rb').read())\nexcept Exception:\n    pass\ntime.sleep(0.5)", pickleFile);
        Assert.That(File.Exists(marker), Is.True, "the payload is not live under Python's pickle, so the test proves nothing");
    }
}
