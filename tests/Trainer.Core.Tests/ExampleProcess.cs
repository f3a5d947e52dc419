using System.Diagnostics;

namespace Training.Core.Tests;

/// <summary>An example program (TinyGpt unless named) started as a process, as a user runs it (built with the solution).</summary>
internal sealed class ExampleProcess : IDisposable
{
    private ExampleProcess(Process process)
    {
        Process = process;
        // Both streams are drained from the start: a full pipe would block the program.
        Output = process.StandardOutput.ReadToEndAsync();
        Errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The running program.</summary>
    public Process Process { get; }

    /// <summary>Its standard output, complete once it has exited.</summary>
    public Task<string> Output { get; }

    /// <summary>Its standard error, complete once it has exited.</summary>
    public Task<string> Errors { get; }

    /// <summary>
    /// Starts the example <paramref name="example"/> (a folder of examples/) with <paramref name="arguments"/> in
    /// <paramref name="workingDirectory"/> (this process's when null).
    /// <paramref name="addressSpaceLimitBytes"/> caps the program's virtual memory (util-linux <c>prlimit --as</c>), so an
    /// allocation past it fails the same way whatever the host's overcommit policy: with <c>vm.overcommit_memory=1</c> a
    /// huge allocation would succeed and the kernel's OOM killer would end the process instead of libtorch refusing it.
    /// </summary>
    public static ExampleProcess Start(IEnumerable<string> arguments, string? workingDirectory = null, long? addressSpaceLimitBytes = null, string example = "TinyGpt")
    {
        var start = new ProcessStartInfo(addressSpaceLimitBytes is null ? "dotnet" : "prlimit")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        if (addressSpaceLimitBytes is { } limit)
        {
            start.ArgumentList.Add($"--as={limit}");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Assembly(example));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return new ExampleProcess(Process.Start(start)!);
    }

    /// <summary>
    /// A run that saves after every update and practically never ends on its own (one layer, three checkpoints
    /// kept): the target of the kill-during-save tests. <paramref name="resume"/> continues from the last checkpoint.
    /// </summary>
    public static string[] SavingEveryStep(string outputDir, bool resume) =>
    [
        $"--Training:OutputDir={outputDir}", "--Training:MaxSteps=100000", "--Training:SaveSteps=1", "--Training:EvalStrategy=no",
        "--Training:LoggingSteps=1000", "--Training:SaveTotalLimit=3", "--Model:Layers=1",
        resume ? "--Training:ResumeFromCheckpoint=last" : "--Training:ResumeFromCheckpoint=",
    ];

    /// <summary>Kills the program (and its children) if it still runs.</summary>
    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }

    // The example's assembly in the same configuration as these tests.
    private static string Assembly(string example)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Repository.File("examples", example, "bin", configuration, "net10.0", example + ".dll");
        Assert.That(File.Exists(path), Is.True, $"build the solution first: {path} is missing");
        return path;
    }
}
