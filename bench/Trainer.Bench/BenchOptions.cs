namespace Training.Bench;

/// <summary>Command line: <c>[--quick] [--ops | --adam] [--help]</c>.</summary>
internal sealed record BenchOptions(bool Quick, bool Ops, bool Adam, bool Help)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Trainer.Bench -- [--quick] [--ops | --adam]\n" +
        "  --quick  fewer iterations and steps (smoke run; figures are noisy)\n" +
        "  --ops    only the per-op overhead table\n" +
        "  --adam   only memory bandwidth and the AdamW step table";

    public Workload Workload => Quick ? Workload.Quick : Workload.Full;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(false, true, true, false);
        foreach (var arg in args)
        {
            options = arg switch
            {
                "--quick" => options with { Quick = true },
                "--ops" => options with { Adam = false },
                "--adam" => options with { Ops = false },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"unknown option '{arg}'"),
            };
        }

        if (!options.Ops && !options.Adam) throw new ArgumentException("--ops and --adam exclude each other");
        return options;
    }
}
