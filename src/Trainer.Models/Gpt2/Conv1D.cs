using TorchSharp.Modules;

namespace Training.Models;

/// <summary>
/// Transformers' <c>Conv1D</c> (from OpenAI's GPT): a linear layer whose weight is stored transposed, [in, out], so
/// y = x·W + b. GPT-2 checkpoints keep this layout; storing it as is lets them load without transposes.
/// </summary>
public sealed class Conv1D : nn.Module<Tensor, Tensor>
{
    // Field names are the parameter names (weight, bias), as in Transformers.
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly long outFeatures;

    /// <summary>Creates the layer with an uninitialised weight [<paramref name="inFeatures"/>, <paramref name="outFeatures"/>] and a zero bias.</summary>
    public Conv1D(long inFeatures, long outFeatures)
        : base(nameof(Conv1D))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        this.outFeatures = outFeatures;
        weight = new Parameter(empty([inFeatures, outFeatures]));
        bias = new Parameter(zeros([outFeatures]));
        RegisterComponents();
    }

    /// <summary>The weight [in, out].</summary>
    public Parameter Weight => weight;

    /// <summary>The bias [out].</summary>
    public Parameter Bias => bias;

    /// <summary>x·W + b over the last dimension of <paramref name="input"/> [..., in], giving [..., out].</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        shape[^1] = outFeatures;
        // One fused GEMM with the bias over the flattened leading dimensions, as Transformers' addmm.
        return addmm(bias, input.reshape(-1, input.size(-1)), weight, beta: 1, alpha: 1).view(shape);
    }
}
