using TorchSharp;
using static TorchSharp.torch;
using Training.Integrations;
using Training.Optim;

namespace Training.Bench;

/// <summary>
/// One optimizer configuration of the fused-kernel table: how to build it (fused or op by op) and the bytes a
/// single pass moves per parameter (the parameter read and written, the gradient read, each state tensor read and
/// written; 4 bytes each, 1 for an 8-bit code plus its share of the block's absmax), the numerator of its bandwidth bound.
/// </summary>
internal sealed record FusedCandidate(string Name, string Label, double BytesPerParameter, Func<IEnumerable<Tensor>, bool, Optimizer> Create)
{
    /// <summary>Every configuration, in report order. Hyperparameters are typical GPT-2 ones; they do not change the memory traffic.</summary>
    public static IReadOnlyList<FusedCandidate> All { get; } =
    [
        new("adamw", "AdamW (wd 0.01)", 28, (p, f) => new AdamW(p, new AdamWOptions { LearningRate = 1e-3, WeightDecay = 0.01, Fused = f })),
        new("sgd_momentum", "SGD momentum 0.9", 20, (p, f) => new Sgd(p, new SgdOptions { LearningRate = 1e-2, Momentum = 0.9, Fused = f })),
        new("lion", "Lion (wd 0.01)", 20, (p, f) => new Lion(p, new LionOptions { LearningRate = 1e-4, WeightDecay = 0.01, Fused = f })),
        new("adagrad", "Adagrad", 20, (p, f) => new Adagrad(p, new AdagradOptions { LearningRate = 1e-2, Fused = f })),
        new("rmsprop", "RMSprop", 20, (p, f) => new RmsProp(p, new RmsPropOptions { LearningRate = 1e-3, Fused = f })),
        new("rmsprop_centered_momentum", "RMSprop centered, momentum 0.9", 36,
            (p, f) => new RmsProp(p, new RmsPropOptions { LearningRate = 1e-3, Centered = true, Momentum = 0.9, Fused = f })),
        // Two passes: moments and norms (p, g, m, v read; m, v written), then the update (p, m, v read; p written).
        new("lamb", "Lamb (wd 0.01)", 40, (p, f) => new Lamb(p, new LambOptions { LearningRate = 1e-3, WeightDecay = 0.01, Fused = f })),
        // Every GPT-2 tensor of at least min_8bit_size elements keeps 8-bit state (built directly, the Trainer's
        // 32-bit override of the embeddings does not apply); biases and LayerNorms keep float32 state.
        new("adamw_8bit", "8-bit AdamW (bnb, wd 0.01)", 12 + 2 * EightBitStateBytes,
            (p, f) => new BitsAndBytesAdamW(p, new BitsAndBytesAdamWOptions { OptimBits = 8, LearningRate = 1e-3, WeightDecay = 0.01, Fused = f })),
        new("lion_8bit", "8-bit Lion (bnb, wd 0.01)", 12 + EightBitStateBytes,
            (p, f) => new BitsAndBytesLion(p, new BitsAndBytesLionOptions { OptimBits = 8, LearningRate = 1e-4, WeightDecay = 0.01, Fused = f })),
    ];

    // One 8-bit state read and written: a code each way plus the block's float32 absmax each way.
    private const double EightBitStateBytes = 2 + 8.0 / BlockwiseQuantization.BlockSize;
}
