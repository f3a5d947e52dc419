using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Training.Bench;

/// <summary>The side-by-side table (C# binding, libtorch C++, PyTorch, time ratios) and its JSON form.</summary>
internal sealed class Report(MachineInfo machine, Workload workload, IReadOnlyList<Operation> operations,
    IReadOnlyDictionary<string, double> csharp, ReferenceResult native, ReferenceResult python)
{
    /// <summary>The issue's bar: an in-place add on 16 floats costs at most 2x the same call in libtorch C++.</summary>
    public const double AcceptanceRatio = 2.0;

    private const string AcceptanceOperation = "add_inplace_16";

    internal sealed record Row(string Name, string Label, string Unit, double BindingNs, double? CppNs, double? PythonNs,
        double? BindingOverCpp, double? BindingOverPython, double? BindingGBps, double? CppGBps, double? PythonGBps);

    public IReadOnlyList<Row> Rows { get; } = operations.Select(op => MakeRow(op, csharp, native, python)).ToList();

    /// <summary>True when the acceptance bar is met, null when it was not measured (no C++ figure, or --only).</summary>
    public bool? MeetsAcceptanceBar =>
        Rows.FirstOrDefault(r => r.Name == AcceptanceOperation)?.BindingOverCpp is { } ratio ? ratio <= AcceptanceRatio : null;

    public string ToTable()
    {
        var width = Math.Max(2, Rows.Select(r => r.Label.Length).DefaultIfEmpty(0).Max());
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {"op".PadRight(width)} | {"C# binding",11} | {"libtorch C++",12} | {"PyTorch",11} | {"C#/C++",7} | {"C#/PyTorch",10} |");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"|{new string('-', width + 2)}|------------:|-------------:|------------:|--------:|-----------:|");
        foreach (var row in Rows)
        {
            var large = row.BindingGBps is not null;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Label.PadRight(width)} | {Value(row.BindingNs, row.BindingGBps, large),11} | {Value(row.CppNs, row.CppGBps, large),12} | " +
                $"{Value(row.PythonNs, row.PythonGBps, large),11} | {Ratio(row.BindingOverCpp),7} | {Ratio(row.BindingOverPython),10} |");
        }

        text.AppendLine("Ratios are time ratios (C# time / reference time): above 1 the binding is slower.");
        text.Append(CultureInfo.InvariantCulture, $"Acceptance (in-place add on 16 floats within {AcceptanceRatio}x of libtorch C++): ")
            .Append(MeetsAcceptanceBar switch { true => "MET", false => "NOT MET", null => "not measured" });
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(
        new
        {
            machine,
            workload = new { workload.Iterations, workload.LargeIterations, workload.Repetitions },
            references = new[] { native, python }.Select(r => new { r.Side, Available = r.NsPerOp is not null, r.Detail }),
            acceptance = new { operation = AcceptanceOperation, maxRatio = AcceptanceRatio, met = MeetsAcceptanceBar },
            rows = Rows,
        },
        new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keeps "C++" readable; the file is not embedded in HTML
        });

    private static Row MakeRow(Operation op, IReadOnlyDictionary<string, double> csharp, ReferenceResult native, ReferenceResult python)
    {
        var cs = csharp[op.Name];
        var cpp = native.Get(op.Reference);
        var py = python.Get(op.Reference);
        double? GBps(double? ns) => op.Large && ns is > 0 ? op.BytesPerOp / ns : null;
        return new Row(op.Name, op.Label, op.Large ? "GB/s" : "ns/op", cs, cpp, py,
            cs / cpp, cs / py, GBps(cs), GBps(cpp), GBps(py));
    }

    private static string Value(double? ns, double? gbps, bool large) => ns switch
    {
        null => "n/a",
        _ when large => string.Create(CultureInfo.InvariantCulture, $"{gbps:F1} GB/s"),
        < 100 => string.Create(CultureInfo.InvariantCulture, $"{ns:F1} ns"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns:F0} ns"),
    };

    private static string Ratio(double? ratio) =>
        ratio is null ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{ratio:F2}x");
}
