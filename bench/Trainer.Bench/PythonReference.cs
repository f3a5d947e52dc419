namespace Training.Bench;

/// <summary>
/// The PyTorch side: finds a Python that can import torch (/usr/bin/python3, Debian's python3-torch 1.13, first; then
/// python3 on PATH), runs bench/python/op_overhead.py with the given arguments and parses what it prints.
/// </summary>
internal static class PythonReference
{
    private const string Side = "PyTorch";
    private static readonly string[] Candidates = ["/usr/bin/python3", "python3"];
    private static readonly Lazy<string?> Python = new(() => Candidates.FirstOrDefault(CanImportTorch));

    public static ReferenceResult Run(IReadOnlyList<string> arguments)
    {
        if (Python.Value is not { } python)
            return ReferenceResult.Unavailable(Side, $"no Python that can import torch (tried {string.Join(", ", Candidates)}); apt-get install python3-torch");

        var script = Repository.PathOf("bench", "python", "op_overhead.py");
        var run = ExternalProcess.Run(python, [script, .. arguments], Repository.Root);
        return run.Succeeded
            ? ReferenceResult.Parse(Side, run.Output, python)
            : ReferenceResult.Unavailable(Side, $"{python} {script} failed (exit {run.ExitCode}):\n{run.Tail()}");
    }

    private static bool CanImportTorch(string python) =>
        ExternalProcess.Run(python, ["-c", "import torch"], Repository.Root).Succeeded;
}
