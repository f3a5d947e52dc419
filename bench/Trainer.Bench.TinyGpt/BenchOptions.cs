using System.Globalization;

namespace Training.Bench.TinyGpt;

/// <summary>The command line (see <see cref="Usage"/>); defaults are the TinyGpt example's configuration.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Trainer.Bench.TinyGpt -- [options]\n" +
        "  --quick        a smoke run: few steps, noisy figures\n" +
        "  --steps N      measured steps per variant (default 96), split over --rounds\n" +
        "  --rounds N     interleaved rounds (default 12): every variant runs steps/rounds steps per round\n" +
        "  --warmup N     unmeasured steps per variant first (default 5)\n" +
        "  --batch N      sequences per step (default 32)\n" +
        "  --block N      context length (default 64)\n" +
        "  --layers N     transformer blocks (default 4)\n" +
        "  --heads N      attention heads (default 4)\n" +
        "  --embd N       embedding width (default 128)\n" +
        "  --dropout P    dropout probability (default 0)\n" +
        "  --threads N    intra-op threads on both sides (default: the processor count)\n" +
        "  --no-python    C# only\n" +
        "  --curve        instead of the comparison: train the fused C# variant --steps steps (default 2000) and\n" +
        "                 print the training and validation loss every --eval-every steps (default 250)";

    public bool Quick { get; init; }
    public int Steps { get; init; } = 96;
    public int Rounds { get; init; } = 12;
    public int Warmup { get; init; } = 5;
    public int Batch { get; init; } = 32;
    public int Block { get; init; } = 64;
    public int Layers { get; init; } = 4;
    public int Heads { get; init; } = 4;
    public int Embd { get; init; } = 128;
    public double Dropout { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
    public bool NoPython { get; init; }
    public bool Curve { get; init; }
    public int EvalEvery { get; init; } = 250;
    public bool Help { get; init; }

    // Training hyperparameters shared with bench/python/tinygpt.py (its defaults are the same).
    public double LearningRate => 1e-3;
    public double WeightDecay => 0.1;
    public double Beta1 => 0.9;
    public double Beta2 => 0.99;
    public double Clip => 1.0;
    public int Seed => 1337;

    public int StepsPerRound => Math.Max(1, Steps / Rounds);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var stepsGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            options = name switch
            {
                "--quick" => options with { Quick = true },
                "--no-python" => options with { NoPython = true },
                "--curve" => options with { Curve = true },
                "--help" or "-h" => options with { Help = true },
                "--steps" => options with { Steps = Positive(name, Value(args, ref i)) },
                "--rounds" => options with { Rounds = Positive(name, Value(args, ref i)) },
                "--warmup" => options with { Warmup = NonNegative(name, Value(args, ref i)) },
                "--batch" => options with { Batch = Positive(name, Value(args, ref i)) },
                "--block" => options with { Block = Positive(name, Value(args, ref i)) },
                "--layers" => options with { Layers = Positive(name, Value(args, ref i)) },
                "--heads" => options with { Heads = Positive(name, Value(args, ref i)) },
                "--embd" => options with { Embd = Positive(name, Value(args, ref i)) },
                "--threads" => options with { Threads = Positive(name, Value(args, ref i)) },
                "--eval-every" => options with { EvalEvery = Positive(name, Value(args, ref i)) },
                "--dropout" => options with { Dropout = double.Parse(Text(args, ref i), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
            stepsGiven |= name == "--steps";
        }

        if (options.Quick && !stepsGiven) options = options with { Steps = 6, Rounds = 2, Warmup = 2 };
        if (options.Curve && !stepsGiven) options = options with { Steps = options.Quick ? 40 : 2000 };
        if (options.Embd % options.Heads != 0) throw new ArgumentException("--heads must divide --embd");
        return options;
    }

    private static string Text(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");

    private static int Value(IReadOnlyList<string> args, ref int i)
    {
        var name = args[i];
        var text = Text(args, ref i);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} needs an integer, got '{text}'");
    }

    private static int Positive(string name, int value) => value > 0 ? value : throw new ArgumentException($"{name} must be positive");

    private static int NonNegative(string name, int value) => value >= 0 ? value : throw new ArgumentException($"{name} must not be negative");

    /// <summary>The arguments that make bench/python/tinygpt.py build the same model and training run.</summary>
    public IEnumerable<string> PythonArguments(string dataPath) =>
    [
        "--data", dataPath,
        "--batch", Invariant(Batch), "--block", Invariant(Block), "--layers", Invariant(Layers), "--heads", Invariant(Heads),
        "--embd", Invariant(Embd), "--dropout", Invariant(Dropout), "--threads", Invariant(Threads), "--seed", Invariant(Seed),
        "--lr", Invariant(LearningRate), "--weight-decay", Invariant(WeightDecay), "--beta1", Invariant(Beta1),
        "--beta2", Invariant(Beta2), "--clip", Invariant(Clip),
    ];

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
