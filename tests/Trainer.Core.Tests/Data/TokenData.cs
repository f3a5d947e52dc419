using TorchSharp.Modules;

namespace Training.Core.Tests.Data;

/// <summary>Random token sequences and a tiny token model trained on them with the masked-LM collator.</summary>
internal static class TokenData
{
    public const int Vocab = 50;
    public const int MaskId = 1;

    /// <summary><paramref name="count"/> sequences of 3..12 ids in [2, Vocab).</summary>
    public static TokenizedDataset Sequences(int count, int seed = 3)
    {
        var random = new Random(seed);
        return TokenizedDataset.FromIds(Enumerable.Range(0, count).Select(_ =>
            Enumerable.Range(0, 3 + random.Next(10)).Select(_ => 2 + random.Next(Vocab - 2)).ToArray()).ToList());
    }

    /// <summary>Masked-LM collation: its batches depend on the seed, the epoch and the batch index.</summary>
    public static DataCollatorForLanguageModeling MaskedLm() =>
        new(padTokenId: 0, new MaskedLmOptions(MaskId, Vocab) { MlmProbability = 0.5 }) { PadToMultipleOf = 4 };
}

/// <summary>Embedding and a linear head, its loss the cross-entropy over the labelled positions.</summary>
internal sealed class TinyTokenModel : torch.nn.Module<Batch, Tensor>
{
    private readonly Embedding embedding;
    private readonly Linear head;

    public TinyTokenModel(int seed = 1) : base(nameof(TinyTokenModel))
    {
        torch.manual_seed(seed);
        embedding = torch.nn.Embedding(TokenData.Vocab, 8);
        head = torch.nn.Linear(8, TokenData.Vocab);
        RegisterComponents();
    }

    public override Tensor forward(Batch batch)
    {
        var logits = head.call(embedding.call(batch["input_ids"]));
        return torch.nn.functional.cross_entropy(logits.view(-1, TokenData.Vocab), batch["labels"].view(-1), ignore_index: -100);
    }
}
