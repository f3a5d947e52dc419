using Training.Torch.Modules;

namespace Training.Torch.Tests.Nn;

/// <summary>A pre-norm residual block registered from its fields.</summary>
internal sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm ln;
    private readonly Linear fc;

    public Block(long dim, ScalarType dtype = ScalarType.Float32) : base(nameof(Block))
    {
        ln = nn.LayerNorm(dim, dtype: dtype);
        fc = nn.Linear(dim, dim, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => input + fc.call(ln.call(input));
}

/// <summary>Embedding, a ModuleList of blocks and a head, as small language models are laid out.</summary>
internal sealed class TinyModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embed;
    private readonly ModuleList<Block> blocks;
    private readonly Linear head;

    public TinyModel(long vocab = 7, long dim = 4, int layers = 2) : base(nameof(TinyModel))
    {
        embed = nn.Embedding(vocab, dim);
        blocks = nn.ModuleList(Enumerable.Range(0, layers).Select(_ => new Block(dim)).ToArray());
        head = nn.Linear(dim, vocab, hasBias: false);
        RegisterComponents();
    }

    public Embedding Embed => embed;

    public Linear Head => head;

    public override Tensor forward(Tensor input)
    {
        var x = embed.call(input);
        foreach (var block in blocks) x = block.call(x);
        return head.call(x);
    }
}

/// <summary>A module with a persistent and a non-persistent buffer next to a parameter.</summary>
internal sealed class WithBuffers : nn.Module<Tensor, Tensor>
{
    public WithBuffers() : base(nameof(WithBuffers))
    {
        register_parameter("scale", nn.Parameter(ones(3)));
        register_buffer("running", zeros(3));
        register_buffer("scratch", zeros(2), persistent: false);
    }

    public override Tensor forward(Tensor input) => input * get_parameter("scale") + get_buffer("running");
}
