using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Bench;

/// <summary>The facts a figure depends on: cores, CPU, BLAS, libtorch and .NET versions, threads, load.</summary>
internal sealed record MachineInfo(
    int Cores, string Cpu, string Blas, string Torch, string Runtime, int Threads, string LoadAverage)
{
    public static MachineInfo Collect() => new(
        Environment.ProcessorCount,
        CpuModel(),
        TorchRuntime.BlasLibrary.Length == 0 ? "(none found)" : TorchRuntime.BlasLibrary,
        TorchRuntime.TorchVersion,
        RuntimeInformation.FrameworkDescription,
        torch.get_num_threads(),
        ReadFirstLine("/proc/loadavg"));

    public IEnumerable<string> Lines()
    {
        yield return $"cores      {Cores} (intra-op threads: {Threads} on every side)";
        yield return $"cpu        {Cpu}";
        yield return $"blas       {Blas}";
        yield return $"libtorch   {Torch}; {Runtime}";
        yield return $"load avg   {LoadAverage} (at start; other work on the machine skews the figures)";
    }

    private static string CpuModel()
    {
        const string key = "model name";
        var line = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))
            : null;
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }

    private static string ReadFirstLine(string path) =>
        File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() ?? "?" : "?";
}
