using System.Diagnostics;
using System.Text.Json;

namespace Training.Bench.TinyGpt;

/// <summary>
/// bench/python/tinygpt.py in serve mode: one long-lived process holding the PyTorch variants, asked over stdin to train
/// a block of steps at a time, so C# and PyTorch blocks interleave in the same run (and share the machine's load).
/// While C# trains, the Python process waits on stdin and uses no CPU.
/// </summary>
internal sealed class PythonTwin : IDisposable
{
    private static readonly string[] Candidates = ["/usr/bin/python3", "python3"];
    private readonly Process process;

    private PythonTwin(Process process, JsonElement ready)
    {
        this.process = process;
        Ready = ready;
    }

    /// <summary>What the twin reported at start-up (torch version, threads, parameter count).</summary>
    public JsonElement Ready { get; }

    /// <summary>The variants the twin serves: PyTorch's default AdamW and AdamW(foreach=True).</summary>
    public IEnumerable<ITrainingVariant> Variants =>
    [
        new Variant(this, "PyTorch AdamW", "adamw"),
        new Variant(this, "PyTorch AdamW (foreach)", "adamw_foreach"),
    ];

    /// <summary>Starts the twin, or explains why it cannot (no Python with torch, script failure).</summary>
    public static PythonTwin Start(BenchOptions options, string repositoryRoot)
    {
        var python = Candidates.FirstOrDefault(CanImportTorch)
                     ?? throw new InvalidOperationException($"no Python that can import torch (tried {string.Join(", ", Candidates)}); apt-get install python3-torch");
        var start = new ProcessStartInfo(python)
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(repositoryRoot, "bench", "python", "tinygpt.py"));
        start.ArgumentList.Add("--serve");
        foreach (var argument in options.PythonArguments(Path.Combine(repositoryRoot, "data", "tinyshakespeare.txt")))
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{python} did not start");
        try
        {
            return new PythonTwin(process, ReadReply(process));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private BlockResult Train(string variant, int steps)
    {
        process.StandardInput.WriteLine($"train {variant} {steps}");
        process.StandardInput.Flush();
        var reply = ReadReply(process);
        var phases = reply.GetProperty("phases").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        var losses = reply.GetProperty("losses").EnumerateArray().Select(l => l.GetDouble()).ToList();
        return new BlockResult(steps, reply.GetProperty("seconds").GetDouble(), reply.GetProperty("cpu_seconds").GetDouble(), phases, losses, double.NaN);
    }

    private static JsonElement ReadReply(Process process)
    {
        var line = process.StandardOutput.ReadLine()
                   ?? throw new InvalidOperationException($"the PyTorch twin exited (code {(process.HasExited ? process.ExitCode : -1)}); see its error output above");
        var reply = JsonDocument.Parse(line).RootElement.Clone();
        if (reply.TryGetProperty("error", out var error)) throw new InvalidOperationException($"the PyTorch twin: {error.GetString()}");
        return reply;
    }

    private static bool CanImportTorch(string python)
    {
        try
        {
            using var check = Process.Start(new ProcessStartInfo(python, ["-c", "import torch"]) { RedirectStandardError = true });
            if (check is null) return false;
            check.StandardError.ReadToEnd();
            check.WaitForExit();
            return check.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.WriteLine("quit");
                process.StandardInput.Flush();
                if (!process.WaitForExit(TimeSpan.FromSeconds(10))) process.Kill(entireProcessTree: true);
            }
        }
        catch (IOException)
        {
            // The pipe is gone: the process already ended.
        }

        process.Dispose();
    }

    private sealed class Variant(PythonTwin twin, string name, string key) : ITrainingVariant
    {
        public string Name => name;

        public BlockResult Train(int steps) => twin.Train(key, steps);
    }
}
