namespace Training.Testing;

/// <summary>
/// Runs the system Python that has PyTorch (Debian's python3-torch: the same libtorch 1.13). It may not be the
/// first python3 on PATH, so /usr/bin/python3 is tried first. Interop tests fail, never skip, without it.
/// </summary>
public static class PythonTorch
{
    private static readonly Lazy<string> Executable = new(Locate);

    /// <summary>The interpreter that can <c>import torch</c>.</summary>
    public static string Path => Executable.Value;

    private static string Locate()
    {
        var tried = new List<string>();
        foreach (var candidate in new[] { "/usr/bin/python3", "python3", "python" })
        {
            tried.Add(candidate);
            try
            {
                var (code, output, _) = Execute(candidate, ["-c", "import torch; print(torch.__version__)"], TimeSpan.FromSeconds(60));
                if (code == 0 && output.Trim().Length > 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under that name
            }
        }

        throw new InvalidOperationException(
            $"No Python with torch found (tried {string.Join(", ", tried)}). Install python3-torch (./build.sh does).");
    }

    /// <summary>Runs a script with arguments; returns standard output, or throws with standard error on failure.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var (code, output, error) = Execute(Path, ["-c", script, .. arguments], TimeSpan.FromMinutes(5));
        if (code != 0) throw new InvalidOperationException($"python exited with {code}:\n{error}\n{output}");
        return output;
    }

    // A pyenv shim would otherwise pick another interpreter; torch also stays single-threaded and quiet.
    private static (int Code, string Output, string Error) Execute(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var result = ChildProcess.Run(file, arguments, Environment.CurrentDirectory, timeout, new Dictionary<string, string?> { ["OMP_NUM_THREADS"] = "1" });
        return (result.Code, result.Output, result.Error);
    }
}
