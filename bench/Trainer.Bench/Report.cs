using System.Globalization;
using System.Text;

namespace Training.Bench;

/// <summary>The per-op overhead table: TorchSharp next to PyTorch 1.13 with time ratios.</summary>
internal sealed class Report(IReadOnlyList<Operation> operations, IReadOnlyDictionary<string, double> csharp, ReferenceResult python)
{
    internal sealed record Row(string Label, double CSharpNs, double? PythonNs, double? CSharpOverPython, double? CSharpGBps, double? PythonGBps);

    public IReadOnlyList<Row> Rows { get; } = operations.Select(op => MakeRow(op, csharp, python)).ToList();

    public string ToTable()
    {
        var width = Rows.Max(r => r.Label.Length);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {"op".PadRight(width)} | {"TorchSharp",11} | {"PyTorch",11} | {"C#/PyTorch",10} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|{new string('-', width + 2)}|------------:|------------:|-----------:|");
        foreach (var row in Rows)
        {
            var large = row.CSharpGBps is not null;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Label.PadRight(width)} | {Value(row.CSharpNs, row.CSharpGBps, large),11} | {Value(row.PythonNs, row.PythonGBps, large),11} | {Ratio(row.CSharpOverPython),10} |");
        }

        text.Append("Ratios are time ratios (C# time / PyTorch time): above 1 TorchSharp is slower.");
        return text.ToString();
    }

    private static Row MakeRow(Operation op, IReadOnlyDictionary<string, double> csharp, ReferenceResult python)
    {
        var cs = csharp[op.Name];
        var py = python.Get(op.Reference);
        double? GBps(double? ns) => op.Large && ns is > 0 ? op.BytesPerOp / ns : null;
        return new Row(op.Label, cs, py, cs / py, GBps(cs), GBps(py));
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
