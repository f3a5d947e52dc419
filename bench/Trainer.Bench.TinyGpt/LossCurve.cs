using System.Diagnostics;
using Training.Models;
using TorchSharp;
using static System.FormattableString;
using static TorchSharp.torch;

namespace Training.Bench.TinyGpt;

/// <summary>
/// --curve: trains the fused C# variant of the chosen configuration and prints the training loss (mean of the last
/// block), the validation loss and the elapsed time every few steps, then a sample, to show what the default config
/// learns in a few minutes.
/// </summary>
internal static class LossCurve
{
    private const int ValidationBatches = 16;

    public static void Run(BenchOptions options, CharCorpus corpus)
    {
        using var run = new CSharpRun("C# AdamW (fused)", options, corpus, fused: true);
        Console.WriteLine(Invariant($"step {0,5}  train    –     val {run.ValidationLoss(ValidationBatches):F4}"));
        var wall = Stopwatch.StartNew();
        var training = 0.0;
        for (var done = 0; done < options.Steps;)
        {
            var block = run.Train(Math.Min(options.EvalEvery, options.Steps - done));
            done += block.Steps;
            training += block.Seconds;
            var validation = run.ValidationLoss(ValidationBatches);
            Console.WriteLine(Invariant(
                $"step {done,5}  train {block.Losses.Average():F4}  val {validation:F4}  training {training,6:F1} s  wall {wall.Elapsed.TotalSeconds,6:F1} s"));
        }

        using var generator = new Generator(7);
        using var scope = torch.NewDisposeScope();
        using var prompt = torch.tensor(corpus.Tokenizer.Encode("\n"), [1, 1]);
        var sample = run.Model.Generate(prompt, 300, temperature: 0.8, generator: generator);
        Console.WriteLine("\nsample (temperature 0.8):\n" + corpus.Tokenizer.Decode(sample[0].data<long>().ToArray()));
    }
}
