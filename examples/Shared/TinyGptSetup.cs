using Microsoft.Extensions.Configuration;
using TorchSharp;
using static TorchSharp.torch;
using Training.Core;
using Training.Models;

namespace Training.Examples;

/// <summary>The corpus, model and datasets the examples share (settings from the "Model" section).</summary>
internal sealed class TinyGptSetup : IDisposable
{
    public TinyGptSetup(IConfiguration configuration, int seed)
    {
        var model = configuration.GetSection("Model");
        var blockSize = model.GetValue("BlockSize", 64);
        Corpus = CharCorpus.Load(ExampleHost.Asset("data/tinyshakespeare.txt"), blockSize);
        Config = new TinyGptConfig
        {
            VocabSize = Corpus.Tokenizer.VocabSize,
            BlockSize = blockSize,
            EmbeddingDim = model.GetValue("EmbeddingDim", 128),
            Heads = model.GetValue("Heads", 4),
            Layers = model.GetValue("Layers", 4),
            Dropout = model.GetValue("Dropout", 0.0),
        };
        Generator = new torch.Generator((ulong)seed);
        Model = new TinyGpt(Config, Generator);
        Train = new CharWindows(Corpus.Train);
        Eval = new CharWindows(Corpus.Validation, stride: model.GetValue("EvalStride", 97));
    }

    public CharCorpus Corpus { get; }

    public TinyGptConfig Config { get; }

    public torch.Generator Generator { get; }

    public TinyGpt Model { get; }

    public CharWindows Train { get; }

    public CharWindows Eval { get; }

    /// <summary>The model's loss for a batch of windows.</summary>
    public static torch.Tensor Loss(torch.nn.Module model, Batch batch) =>
        ((TinyGpt)model).Loss(batch["input_ids"], batch["labels"]);

    public void Dispose()
    {
        Model.Dispose();
        Generator.Dispose();
    }
}
