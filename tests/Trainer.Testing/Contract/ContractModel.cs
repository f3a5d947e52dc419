using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Training.Testing.Contract;

/// <summary>
/// The model every registry entry is run on: an embedding fed token ids (decayed, and updated only after backward by
/// optimizers that update inside it), a Linear <c>proj</c> (the low-rank target of GaLore / APOLLO) and a Linear
/// <c>head</c> (its bias lands in the no-decay group). Two instances with the same seed start identical.
/// </summary>
public sealed class ContractModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embed;
    private readonly Linear proj;
    private readonly Linear head;

    /// <summary>Creates the model from <paramref name="seed"/> (the global generator is seeded, as PyTorch's init uses it).</summary>
    public ContractModel(int seed, long width = 12, long hidden = 10) : base(nameof(ContractModel))
    {
        torch.manual_seed(seed);
        embed = nn.Embedding(ContractProblem.Vocabulary, width);
        proj = nn.Linear(width, hidden);
        head = nn.Linear(hidden, ContractProblem.Outputs);
        RegisterComponents();
    }

    /// <summary>The low-rank target's weight (<c>proj.weight</c>, hidden × width), the largest parameter.</summary>
    public Tensor ProjWeight => proj.weight!;

    /// <inheritdoc/>
    public override Tensor forward(Tensor tokens) => head.forward(proj.forward(embed.forward(tokens)).tanh());
}
