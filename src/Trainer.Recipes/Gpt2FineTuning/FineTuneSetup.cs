using Microsoft.Extensions.Logging;
using Training.Core;
using Training.Models;
using Training.Text;
using TorchSharp;

namespace Training.Recipes;

/// <summary>The tokenizer, the model and the datasets of a fine-tuning run, from the <c>Model</c> and <c>Data</c> sections.</summary>
internal sealed class FineTuneSetup : IDisposable
{
    private FineTuneSetup(PretrainedTokenizer tokenizer, Gpt2ForCausalLM model, IDataset<TokenizedExample> train, IDataset<TokenizedExample> eval)
    {
        Tokenizer = tokenizer;
        Model = model;
        Train = train;
        Eval = eval;
    }

    public PretrainedTokenizer Tokenizer { get; }

    public Gpt2ForCausalLM Model { get; }

    public IDataset<TokenizedExample> Train { get; }

    public IDataset<TokenizedExample> Eval { get; }

    /// <summary>
    /// Checks what can be checked from the small files first (config.json, the tokenizer, BlockSize against n_positions),
    /// then tokenizes the data and, last, loads or builds the model, so a bad setting costs no weight loading.
    /// </summary>
    public static FineTuneSetup Create(Gpt2ModelSettings modelSettings, DataSettings data, int seed, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(Gpt2FineTuningJob.LoggerCategory);
        var pretrained = string.IsNullOrEmpty(modelSettings.Path) ? null : modelSettings.Path;
        var config = pretrained is null
            ? RandomConfig(modelSettings)
            : Gpt2Config.Load(Path.Combine(pretrained, Gpt2ForCausalLM.ConfigFileName));
        if (data.BlockSize > config.Positions)
            throw new ArgumentException($"Data:BlockSize = {data.BlockSize} is invalid: the model's context (n_positions) is {config.Positions} tokens.");

        var tokenizer = LoadTokenizer(modelSettings, pretrained, logger);
        if (tokenizer.VocabSize > config.VocabSize)
            throw new ArgumentException($"the tokenizer {tokenizer.Name} has {tokenizer.VocabSize} tokens but the model's vocab_size is {config.VocabSize}: ids past it have no embedding.");

        var options = new TextDatasetOptions { BlockSize = data.BlockSize, Logger = logger };
        var trainFile = string.IsNullOrEmpty(data.TrainFile) ? TinyShakespeare.Path : data.TrainFile;
        var all = Read(trainFile, tokenizer, options);
        IDataset<TokenizedExample> train = all, eval;
        if (string.IsNullOrEmpty(data.EvalFile))
        {
            (train, eval) = Subset<TokenizedExample>.SplitTail(all, data.ValidationSplit);
        }
        else
        {
            eval = Read(data.EvalFile, tokenizer, options);
        }

        logger.LogInformation("Data: {Train} training and {Eval} evaluation examples of up to {Block} tokens from {File}", train.Count, eval.Count, data.BlockSize, trainFile);
        var model = pretrained is null
            ? new Gpt2ForCausalLM(config, new torch.Generator((ulong)seed))
            : Gpt2ForCausalLM.FromPretrained(pretrained);
        logger.LogInformation("GPT-2 {Source}: {Parameters:N0} parameters, {Layers} layers x {Heads} heads x {Dim}, context {Positions}, vocabulary {Vocab}",
            pretrained ?? "(random)", model.ParameterCount(), config.Layers, config.Heads, config.EmbeddingDim, config.Positions, config.VocabSize);
        return new FineTuneSetup(tokenizer, model, train, eval);
    }

    private static Gpt2Config RandomConfig(Gpt2ModelSettings settings) => new()
    {
        VocabSize = PretrainedTokenizer.Gpt2().VocabSize,
        Positions = settings.Positions,
        EmbeddingDim = settings.EmbeddingDim,
        Layers = settings.Layers,
        Heads = settings.Heads,
        ResidualDropout = settings.Dropout,
        EmbeddingDropout = settings.Dropout,
        AttentionDropout = settings.Dropout,
    };

    private static PretrainedTokenizer LoadTokenizer(Gpt2ModelSettings settings, string? pretrained, ILogger logger)
    {
        var source = string.IsNullOrEmpty(settings.Tokenizer) ? pretrained ?? "gpt2" : settings.Tokenizer;
        var tokenizer = source == "gpt2" ? PretrainedTokenizer.Gpt2() : PretrainedTokenizer.FromPretrained(source);
        logger.LogInformation("Tokenizer {Name}: {Vocab} tokens, end of text {Eos}", tokenizer.Name, tokenizer.VocabSize, tokenizer.EosTokenId);
        return tokenizer;
    }

    private static TokenizedTextDataset Read(string path, PretrainedTokenizer tokenizer, TextDatasetOptions options) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            ? TextDatasets.FromJsonLines(path, tokenizer, options)
            : TextDatasets.FromTextFile(path, tokenizer, options);

    public void Dispose() => Model.Dispose();
}
