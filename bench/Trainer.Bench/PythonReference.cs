namespace Training.Bench;

/// <summary>
/// The PyTorch side: finds a Python that can import torch (/usr/bin/python3, Debian's python3-torch,
/// first; then python3 on PATH), runs bench/python/op_overhead.py with the same workload and thread
/// count, and parses what it prints.
/// </summary>
internal static class PythonReference
{
    private const string Side = "PyTorch";
    private static readonly string[] Candidates = ["/usr/bin/python3", "python3"];

    public static ReferenceResult Run(Workload workload, int threads)
    {
        var python = Candidates.FirstOrDefault(CanImportTorch);
        if (python is null)
            return ReferenceResult.Unavailable(Side, $"no Python that can import torch (tried {string.Join(", ", Candidates)}); apt-get install python3-torch");

        var script = Repository.PathOf("bench", "python", "op_overhead.py");
        var run = ExternalProcess.Run(python, [script, .. workload.ReferenceArguments(threads)], Repository.Root);
        return run.Succeeded
            ? ReferenceResult.Parse(Side, run.Output, python)
            : ReferenceResult.Unavailable(Side, $"{python} {script} failed (exit {run.ExitCode}):\n{run.Tail()}");
    }

    private static bool CanImportTorch(string python) =>
        ExternalProcess.Run(python, ["-c", "import torch"], Repository.Root).Succeeded;
}
