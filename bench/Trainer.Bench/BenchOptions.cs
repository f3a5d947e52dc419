namespace Training.Bench;

/// <summary>Command line: <c>[--quick] [--json FILE] [--only NAME] [--help]</c>.</summary>
internal sealed record BenchOptions(bool Quick, string? JsonPath, string? Only, bool Help)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Trainer.Bench -- [--quick] [--json FILE] [--only NAME]\n" +
        "  --quick      fewer iterations (CI smoke run; figures are noisy)\n" +
        "  --json FILE  also write the results as JSON to FILE\n" +
        "  --only NAME  just one operation (e.g. add_inplace_16), for profiling the C# side with perf";

    public Workload Workload => Quick ? Workload.Quick : Workload.Full;

    /// <summary>The operations to measure: all, or the one named by --only.</summary>
    public IReadOnlyList<Operation> Operations => Only is null
        ? Operation.All
        : Operation.All.Where(op => op.Name == Only).ToList() is { Count: > 0 } one
            ? one
            : throw new ArgumentException($"--only: no operation '{Only}' (known: {string.Join(", ", Operation.All.Select(op => op.Name))})");

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(false, null, null, false);
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--json" when i + 1 < args.Count => options with { JsonPath = args[++i] },
                "--only" when i + 1 < args.Count => options with { Only = args[++i] },
                "--json" or "--only" => throw new ArgumentException($"{args[i]} needs a value"),
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        _ = options.Operations; // validates --only
        return options;
    }
}
