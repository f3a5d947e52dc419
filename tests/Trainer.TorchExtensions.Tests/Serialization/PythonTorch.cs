using System.Diagnostics;

namespace Training.TorchExtensions.Tests.Serialization;

/// <summary>
/// Runs Python scripts with PyTorch for interop tests. The interpreter must be able to <c>import torch</c>:
/// Debian's /usr/bin/python3 first (a pyenv python3 earlier on PATH usually lacks torch), then python3
/// on PATH. Without one the tests fail (not skip): interop is a requirement, not an optional extra.
/// </summary>
internal static class PythonTorch
{
    private static readonly string[] Candidates = ["/usr/bin/python3", "python3"];
    private static readonly Lazy<string?> Interpreter = new(Find);

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> (sys.argv[1:]) and returns its standard output.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var python = Interpreter.Value;
        if (python is null)
            Assert.Fail($"No Python that can 'import torch' was found (tried {string.Join(", ", Candidates)}). " +
                        "Install Debian's python3-torch (apt-get install python3-torch) to run the interop tests.");
        var (exit, output, error) = Execute(python!, ["-c", script, .. arguments], TimeSpan.FromMinutes(3));
        Assert.That(exit, Is.Zero, $"python failed:\n{error}\n{output}");
        return output;
    }

    private static string? Find() =>
        Candidates.FirstOrDefault(candidate =>
        {
            try
            {
                return Execute(candidate, ["-c", "import torch"], TimeSpan.FromMinutes(1)).Exit == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false; // not installed
            }
        });

    private static (int Exit, string Output, string Error) Execute(string program, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within {timeout}");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
