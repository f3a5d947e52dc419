namespace Training.Models.Tests;

/// <summary>Small configurations and inputs shared by the tests.</summary>
internal static partial class Models
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
}
