namespace Training.Bench;

/// <summary>Command line: <c>[--quick] [--ops] [--adam] [--kernels] [--clip] [--help]</c>; no table named means all of them.</summary>
internal sealed record BenchOptions(bool Quick, bool Ops, bool Adam, bool Kernels, bool Clip, bool Help)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Trainer.Bench -- [--quick] [--ops] [--adam] [--kernels] [--clip]\n" +
        "  --quick    fewer iterations and steps (smoke run; figures are noisy)\n" +
        "  --ops      the per-op overhead table\n" +
        "  --adam     memory bandwidth and the AdamW step table\n" +
        "  --kernels  memory bandwidth and every fused optimizer step against its op-by-op path\n" +
        "  --clip     gradient-norm clipping over GPT-2 small's gradients against TorchSharp's clip_grad_norm_\n" +
        "  (no table named: all four)";

    public Workload Workload => Quick ? Workload.Quick : Workload.Full;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(false, false, false, false, false, false);
        foreach (var arg in args)
        {
            options = arg switch
            {
                "--quick" => options with { Quick = true },
                "--ops" => options with { Ops = true },
                "--adam" => options with { Adam = true },
                "--kernels" => options with { Kernels = true },
                "--clip" => options with { Clip = true },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"unknown option '{arg}'"),
            };
        }

        return options.Ops || options.Adam || options.Kernels || options.Clip
            ? options
            : options with { Ops = true, Adam = true, Kernels = true, Clip = true };
    }
}
