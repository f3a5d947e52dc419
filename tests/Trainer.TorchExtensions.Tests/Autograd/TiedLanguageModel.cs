using TorchSharp.Modules;

namespace Training.TorchExtensions.Tests.Autograd;

/// <summary>
/// Embedding fed token ids, a hidden layer applied twice (a module with two calls), and an output head whose weight is
/// the embedding's (tied): early, late and shared parameters in one model.
/// </summary>
internal sealed class TiedLanguageModel : nn.Module<Tensor, Tensor>
{
    public const int Vocabulary = 11;

    private readonly Embedding embedding;
    private readonly Linear hidden;
    private readonly LayerNorm norm;
    private readonly Linear head;

    public TiedLanguageModel(int width = 6) : base(nameof(TiedLanguageModel))
    {
        manual_seed(3);
        embedding = nn.Embedding(Vocabulary, width);
        hidden = nn.Linear(width, width);
        norm = nn.LayerNorm(width);
        head = nn.Linear(width, Vocabulary, hasBias: false);
        head.weight = embedding.weight!;
        RegisterComponents();
    }

    public Linear Hidden => hidden;

    public override Tensor forward(Tensor ids)
    {
        var h = embedding.call(ids);
        h = hidden.call(h).tanh();
        h = hidden.call(h).tanh();
        return head.call(norm.call(h));
    }

    public static Tensor Ids(int seed = 5)
    {
        using var generator = new Generator((ulong)seed);
        return randint(0, Vocabulary, [4, 7], generator: generator);
    }

    public Tensor Loss(Tensor ids)
    {
        var logits = call(ids);
        return nn.functional.cross_entropy(logits.reshape(-1, Vocabulary), ids.reshape(-1));
    }
}
