namespace Training.Bench;

/// <summary>Command line: <c>[--quick] [--ops] [--adam] [--kernels] [--clip] [--attention] [--help]</c>; no table named means all of them.</summary>
internal sealed record BenchOptions(bool Quick, bool Ops, bool Adam, bool Kernels, bool Clip, bool Attention, bool Help)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Trainer.Bench -- [--quick] [--ops] [--adam] [--kernels] [--clip] [--attention]\n" +
        "  --quick    fewer iterations and steps (smoke run; figures are noisy)\n" +
        "  --ops      the per-op overhead table\n" +
        "  --adam     memory bandwidth and the AdamW step table\n" +
        "  --kernels  memory bandwidth and every fused optimizer step against its op-by-op path\n" +
        "  --clip     gradient-norm clipping over GPT-2 small's gradients against TorchSharp's clip_grad_norm_\n" +
        "  --attention  causal attention forward + backward: scaled_dot_product_attention against the explicit softmax\n" +
        "  (no table named: all five)";

    public Workload Workload => Quick ? Workload.Quick : Workload.Full;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(false, false, false, false, false, false, false);
        foreach (var arg in args)
        {
            options = arg switch
            {
                "--quick" => options with { Quick = true },
                "--ops" => options with { Ops = true },
                "--adam" => options with { Adam = true },
                "--kernels" => options with { Kernels = true },
                "--clip" => options with { Clip = true },
                "--attention" => options with { Attention = true },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"unknown option '{arg}'"),
            };
        }

        return options.Ops || options.Adam || options.Kernels || options.Clip || options.Attention
            ? options
            : options with { Ops = true, Adam = true, Kernels = true, Clip = true, Attention = true };
    }
}
