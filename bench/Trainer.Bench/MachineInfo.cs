using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;

namespace Training.Bench;

/// <summary>The facts a figure depends on: cores, CPU, vector width, TorchSharp and .NET versions, threads, load.</summary>
internal sealed record MachineInfo(int Cores, string Cpu, string Vectors, string Torch, string Runtime, int Threads, string LoadAverage)
{
    public static MachineInfo Collect() => new(
        Environment.ProcessorCount,
        CpuModel(),
        Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "scalar",
        $"TorchSharp {typeof(torch).Assembly.GetName().Version} (libtorch 2.10 CPU)",
        RuntimeInformation.FrameworkDescription,
        torch.get_num_threads(),
        ReadFirstLine("/proc/loadavg"));

    public IEnumerable<string> Lines()
    {
        yield return $"cores      {Cores} (intra-op threads: {Threads} on every side)";
        yield return $"cpu        {Cpu}; managed kernels use {Vectors}";
        yield return $"torch      {Torch}; {Runtime}";
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
