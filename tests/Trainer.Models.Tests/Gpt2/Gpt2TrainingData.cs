using Training.Core;

namespace Training.Models.Tests;

/// <summary>Learnable synthetic token data and Trainer arguments for fine-tuning GPT-2 in tests.</summary>
internal static class Gpt2TrainingData
{
    /// <summary>
    /// Arithmetic progressions: token t is (start + step·t) mod (vocab − 1) with a step of 1, 2 or 3, so the next token
    /// follows from the two before it; lengths drawn from [<paramref name="minLength"/>, <paramref name="maxLength"/>],
    /// fixed by the seed. The last id (vocab − 1, <see cref="PadId"/>) never occurs: it is the padding.
    /// </summary>
    public static TokenizedDataset Progressions(int count, int vocab, int seed, int minLength = 5, int maxLength = 20)
    {
        var random = new Random(seed);
        var examples = new List<TokenizedExample>(count);
        for (var i = 0; i < count; i++)
        {
            var (start, step, length) = (random.Next(vocab - 1), random.Next(1, 4), random.Next(minLength, maxLength + 1));
            examples.Add(new TokenizedExample(Enumerable.Range(0, length).Select(t => (start + step * t) % (vocab - 1)).ToArray()));
        }

        return new TokenizedDataset(examples);
    }

    /// <summary>The padding id of <paramref name="config"/>'s data: its last token id.</summary>
    public static int PadId(Gpt2Config config) => config.VocabSize - 1;

    /// <summary>The causal-LM collator padding with <see cref="PadId"/> (labels −100 on padding).</summary>
    public static DataCollatorForLanguageModeling Collator(Gpt2Config config) => new(PadId(config));

    /// <summary>AdamW, constant learning rate, no checkpoints, batches of 4; <paramref name="configure"/> changes the rest.</summary>
    public static TrainingArguments Args(string outputDir, Action<TrainingArguments>? configure = null)
    {
        var args = new TrainingArguments
        {
            OutputDir = outputDir, Optim = "adamw_torch", LearningRate = 3e-3, LrSchedulerType = "constant", PerDeviceTrainBatchSize = 4,
            PerDeviceEvalBatchSize = 4, MaxSteps = 4, LoggingSteps = 1, SaveStrategy = SaveStrategy.No, DisableTqdm = true, WeightDecay = 0.01,
        };
        configure?.Invoke(args);
        return args;
    }
}
