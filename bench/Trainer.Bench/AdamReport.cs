using System.Globalization;
using System.Text;

namespace Training.Bench;

/// <summary>
/// The AdamW table: ms per step on every side with and without allocator tuning, the kernel's effective bandwidth
/// (28 bytes per parameter: parameter, gradient and both moments read, parameter and moments written) next to the
/// machine's measured copy and triad bandwidth, and each side's time over the kernel's.
/// </summary>
internal static class AdamReport
{
    private const double BytesPerParameter = 28;

    private static readonly (string Label, bool Python, string Key)[] Rows =
    [
        ("C# fused kernel (Fused.AdamStep, float32 CPU)", false, "kernel"),
        ("Fused.AdamStep tensor-op path", false, "tensor_ops"),
        ("TorchSharp torch.optim.AdamW (libtorch 2.10)", false, "torchsharp_adamw"),
        ("PyTorch 1.13 AdamW foreach=False", true, "torch_adamw_foreach_off"),
        ("PyTorch 1.13 AdamW foreach=True", true, "torch_adamw_foreach_on"),
    ];

    public static string ToTable(AdamRun.Sides sides, Bandwidth.Result bandwidth)
    {
        var parameters = Gpt2Shapes.Parameters;
        var kernel = sides.CSharpTuned.Get("kernel");
        var width = Rows.Max(r => r.Label.Length);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"AdamW step over GPT-2 small's {Gpt2Shapes.All.Count} tensors, {parameters:N0} float32 parameters (median ms per step)");
        text.AppendLine(CultureInfo.InvariantCulture, $"| {"side".PadRight(width)} | {"tuned",9} | {"defaults",9} | {"x kernel",8} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|{new string('-', width + 2)}|----------:|----------:|---------:|");
        foreach (var (label, python, key) in Rows)
        {
            var tuned = (python ? sides.PythonTuned : sides.CSharpTuned).Get(key);
            var untuned = (python ? sides.PythonDefault : sides.CSharpDefault).Get(key);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {label.PadRight(width)} | {StepFormat.Ms(tuned),9} | {StepFormat.Ms(untuned),9} | {StepFormat.Ratio(tuned, kernel),8} |");
        }

        text.AppendLine("tuned: AllocatorTuning (mallopt M_MMAP_THRESHOLD 32 MiB, M_TRIM_THRESHOLD 512 MiB; PyTorch: the same mallopt via ctypes)");
        text.AppendLine("x kernel: tuned time / the C# kernel's tuned time");
        text.AppendLine(CultureInfo.InvariantCulture, $"memory bandwidth (all cores, best of runs): copy {bandwidth.CopyGBps:F1} GB/s, triad {bandwidth.TriadGBps:F1} GB/s");
        if (kernel is > 0)
        {
            var gbps = BytesPerParameter * parameters / (kernel.Value * 1e6);
            text.Append(CultureInfo.InvariantCulture,
                $"kernel: {BytesPerParameter} B/parameter x {parameters:N0} / {kernel:F1} ms = {gbps:F1} GB/s ({gbps / bandwidth.TriadGBps:P0} of triad)");
        }

        return text.ToString();
    }
}
