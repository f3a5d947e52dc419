using System.Globalization;
using Training.Bench;
using TorchSharp;
using Training.TorchExtensions;
using static System.FormattableString;

// TorchSharp's per-op overhead and the fused AdamW step, each next to PyTorch 1.13 on the same machine, every fused
// optimizer kernel against its op-by-op path and its bandwidth bound, the machine's memory bandwidth measured in the
// same run, gradient clipping and fused attention (bench/README.md).

// The AdamW child this program starts for itself: --adam-child --warmup W --steps S.
if (args.Length == 5 && args[0] == AdamChild.Flag)
    return AdamChild.Run(int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));

// The fused-kernel child: every fused optimizer and its op-by-op path, --kernels-child --warmup W --steps S.
if (args.Length == 5 && args[0] == KernelsChild.Flag)
    return KernelsChild.Run(int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));

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

// The op figures are taken tuned, as the Trainer will run; the AdamW table shows both settings.
Console.WriteLine($"allocator  {AllocatorTuning.Apply()} (AllocatorTuning in this process)");
var machine = MachineInfo.Collect();
var workload = options.Workload;
foreach (var line in machine.Lines()) Console.WriteLine(line);
Console.WriteLine();

if (options.Ops)
{
    Console.WriteLine(Invariant(
        $"per-op: {workload.Iterations} ops x {workload.Repetitions} repetitions (16M-element ops: {workload.LargeIterations}), median"));
    Dictionary<string, double> csharp;
    using (var measurements = new Measurements())
        csharp = measurements.Run(Operation.All, workload, (op, ns) => Console.WriteLine(Invariant($"  {op.Name} {ns:F2}")));

    Console.WriteLine("PyTorch (bench/python/op_overhead.py) ...");
    var python = PythonReference.Run(workload.OpArguments(machine.Threads));
    Console.WriteLine($"  {python.Detail}\n");
    Console.WriteLine(new Report(Operation.All, csharp, python).ToTable());
    Console.WriteLine();
}

Bandwidth.Result? bandwidth = null;
if (options.Adam || options.Kernels)
{
    Console.WriteLine("memory bandwidth ...");
    bandwidth = Bandwidth.Measure(options.Quick ? 2 : 5);
}

if (options.Adam)
{
    var sides = AdamRun.Run(workload, machine.Threads, Console.WriteLine);
    Console.WriteLine();
    Console.WriteLine(AdamReport.ToTable(sides, bandwidth!));
    Console.WriteLine();
}

if (options.Kernels)
{
    var kernels = AdamRun.Child(KernelsChild.Flag, "C# fused-kernel child", workload, tuned: true, Console.WriteLine);
    Console.WriteLine();
    Console.WriteLine(KernelsReport.ToTable(kernels, bandwidth!));
    Console.WriteLine();
}

if (options.Clip)
{
    Console.WriteLine(ClipRun.Run(workload));
    Console.WriteLine();
}

if (options.Attention)
{
    Console.WriteLine(AttentionRun.Run(options.Quick));
    Console.WriteLine();
}

return 0;
