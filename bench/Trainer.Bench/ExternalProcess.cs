using System.Diagnostics;

namespace Training.Bench;

/// <summary>Runs a child process to completion and captures its output (the bench's only child processes).</summary>
internal static class ExternalProcess
{
    /// <summary>Longest a child may run (a full PyTorch run takes a minute or two).</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    internal sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public bool Succeeded => ExitCode == 0;

        /// <summary>The last lines of stderr (or stdout), for an error message.</summary>
        public string Tail()
        {
            var text = string.IsNullOrWhiteSpace(Error) ? Output : Error;
            return string.Join('\n', text.Split('\n').TakeLast(12)).Trim();
        }
    }

    /// <summary>Runs <paramref name="fileName"/>; a program that cannot be started gives exit code -1.</summary>
    public static Outcome Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new Outcome(-1, output.GetAwaiter().GetResult(), $"{fileName} timed out after {Timeout} and was stopped");
            }

            process.WaitForExit(); // flushes the redirected streams
            return new Outcome(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new Outcome(-1, string.Empty, $"{fileName}: {e.Message}");
        }
    }
}
