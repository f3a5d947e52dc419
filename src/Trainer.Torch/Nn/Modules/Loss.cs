using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>The base of loss modules, invoked as <c>loss.call(input, target)</c> (TorchSharp's <c>Loss</c>).</summary>
public abstract class Loss<TInput, TTarget, TResult> : nn.Module<TInput, TTarget, TResult>
{
    /// <summary>Creates the loss with its reduction.</summary>
    protected Loss(string name, nn.Reduction reduction)
        : base(name)
    {
        if (!Enum.IsDefined(reduction)) throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "unknown reduction");
        this.reduction = reduction;
    }

    /// <summary>How elementwise losses are reduced.</summary>
    public nn.Reduction reduction { get; }
}
