using Training.Bench;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using static System.FormattableString;

// Per-op overhead of the binding next to the same work in libtorch C++ and PyTorch (bench/README.md).
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}\n{BenchOptions.Usage}");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

#if DEBUG
Console.Error.WriteLine("warning: this is a Debug build; run the bench with -c Release.");
#endif

TorchRuntime.EnsureLoaded();
var machine = MachineInfo.Collect();
var workload = options.Workload;
foreach (var line in machine.Lines()) Console.WriteLine(line);
Console.WriteLine(Invariant(
    $"workload   {workload.Iterations} ops x {workload.Repetitions} repetitions (16M-element ops: {workload.LargeIterations}), median\n"));

Console.WriteLine("C# binding ...");
Dictionary<string, double> csharp;
using (var measurements = new Measurements())
{
    csharp = measurements.Run(options.Operations, workload, (op, ns) => Console.WriteLine(Invariant($"  {op.Name} {ns:F2}")));
}

Console.WriteLine("libtorch C++ (bench/native) ...");
var native = NativeReference.Run(workload, machine.Threads);
Console.WriteLine($"  {native.Detail}");
Console.WriteLine("PyTorch (bench/python) ...");
var python = PythonReference.Run(workload, machine.Threads);
Console.WriteLine($"  {python.Detail}\n");

var report = new Report(machine, workload, options.Operations, csharp, native, python);
Console.WriteLine(report.ToTable());
if (options.JsonPath is not null)
{
    File.WriteAllText(options.JsonPath, report.ToJson());
    Console.WriteLine($"JSON written to {options.JsonPath}");
}

return 0;
