using System.Diagnostics;

namespace Training.Testing;

/// <summary>Runs a program to its end with its output captured, for tests that drive the SDK or a built program.</summary>
public static class ChildProcess
{
    /// <summary>What a finished program printed, and its exit code.</summary>
    /// <param name="Code">The exit code.</param>
    /// <param name="Output">Standard output.</param>
    /// <param name="Error">Standard error.</param>
    public sealed record Result(int Code, string Output, string Error)
    {
        /// <summary>Everything it printed, for a failure message.</summary>
        public override string ToString() => $"exit {Code}\n{Output}\n{Error}";
    }

    /// <summary>
    /// Runs <paramref name="file"/> in <paramref name="directory"/>; <paramref name="environment"/> adds to (or, with a
    /// null value, removes from) this process's environment. A program still running after <paramref name="timeout"/>
    /// is killed with its children and the call throws <see cref="TimeoutException"/>.
    /// </summary>
    public static Result Run(string file, IEnumerable<string> arguments, string directory, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}:\n{output.Result}\n{error.Result}");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
