using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TorchSharp;
using static TorchSharp.torch;
using Training.Core;
using Training.Models;
using Training.Recipes;

namespace Training.Examples;

/// <summary>The corpus, model and datasets the examples share (settings from the "Model" section).</summary>
internal sealed class TinyGptSetup : IDisposable
{
    public TinyGptSetup(IServiceProvider services, int seed)
    {
        Settings = services.GetRequiredService<IOptions<ModelSettings>>().Value;
        Corpus = CharCorpus.Load(TinyShakespeare.Path, Settings.BlockSize);
        Config = new TinyGptConfig
        {
            VocabSize = Corpus.Tokenizer.VocabSize,
            BlockSize = Settings.BlockSize,
            EmbeddingDim = Settings.EmbeddingDim,
            Heads = Settings.Heads,
            Layers = Settings.Layers,
            Dropout = Settings.Dropout,
        };
        Generator = new torch.Generator((ulong)seed);
        Model = new TinyGpt(Config, Generator);
        Train = new CharWindows(Corpus.Train);
        Eval = new CharWindows(Corpus.Validation, stride: Settings.EvalStride);
    }

    /// <summary>Registers the <c>Model</c> section (<see cref="ModelSettings"/>) and its start-up checks.</summary>
    public static void AddSettings(IServiceCollection services, IConfiguration configuration) =>
        services.AddValidatedSection<ModelSettings>(configuration, ModelSettings.SectionName, settings => settings.Problems());

    /// <summary>The validated <c>Model</c> section.</summary>
    public ModelSettings Settings { get; }

    public CharCorpus Corpus { get; }

    public TinyGptConfig Config { get; }

    public torch.Generator Generator { get; }

    public TinyGpt Model { get; }

    public CharWindows Train { get; }

    public CharWindows Eval { get; }

    /// <summary>
    /// The model's loss for a batch of windows (the Trainer's <c>computeLossFunc</c>): the sum over its targets divided
    /// by the update's target count when the Trainer gives it, so gradient accumulation averages over every target.
    /// </summary>
    public static torch.Tensor Loss(torch.nn.Module model, Batch batch, long? numItemsInBatch) =>
        ((TinyGpt)model).Loss(batch["input_ids"], batch["labels"], numItemsInBatch);

    public void Dispose()
    {
        Model.Dispose();
        Generator.Dispose();
    }
}
