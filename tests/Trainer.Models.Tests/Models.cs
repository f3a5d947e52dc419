using Training.Optim;

namespace Training.Models.Tests;

/// <summary>Small configurations and a training step shared by the tests.</summary>
internal static class Models
{
    /// <summary>A model small enough for unit tests (2 layers, 2 heads, 16 wide, 8 tokens of context).</summary>
    public static TinyGptConfig Small(int vocab = 11, bool bias = true) => new()
    {
        VocabSize = vocab, BlockSize = 8, EmbeddingDim = 16, Heads = 2, Layers = 2, Bias = bias,
    };

    /// <summary>Token ids [rows, length] drawn uniformly below <paramref name="vocab"/>.</summary>
    public static Tensor Tokens(long rows, long length, long vocab, ulong seed)
    {
        using var generator = new Generator(seed);
        return randint(vocab, [rows, length], generator: generator);
    }

    /// <summary>One training step as the benchmark runs it: loss, backward, clipping, AdamW, zero_grad.</summary>
    public static double TrainStep(TinyGpt model, Optimizer optimizer, Tensor input, Tensor target)
    {
        var loss = model.Loss(input, target);
        loss.backward();
        nn.utils.clip_grad_norm_(model.parameters(), 1.0);
        optimizer.Step();
        optimizer.ZeroGrad();
        return loss.ToSingle();
    }

    /// <summary>AdamW over the Transformers decay/no-decay groups.</summary>
    public static AdamW AdamW(TinyGpt model, double lr, bool fused = false) =>
        new(DecayGrouping.CreateGroups(model, 0.1), new AdamWOptions { LearningRate = lr, Fused = fused });
}
