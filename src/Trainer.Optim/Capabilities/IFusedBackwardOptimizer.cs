using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// An optimizer whose update is fused into backward (LOMO, AdaLomo): each parameter is updated by a gradient
/// hook as soon as its gradient exists, so the gradients are never all held at once. The Trainer calls
/// <see cref="FusedBackward"/> instead of <c>loss.backward()</c>, hands it the current learning rate (Transformers
/// passes <c>learning_rate</c> to <c>accelerator.backward</c>), and does not call <see cref="Optimizer.Step"/>'s
/// usual clipping; <see cref="Optimizer.Step"/> itself does nothing for these optimizers.
/// </summary>
public interface IFusedBackwardOptimizer
{
    /// <summary>
    /// True when gradient-norm clipping is configured: then <see cref="GradNorm"/> must run first (a backward pass
    /// with the graph retained that only measures), and <see cref="FusedBackward"/> applies the coefficient.
    /// </summary>
    bool ClipsGradNorm { get; }

    /// <summary>The norm-only backward pass; computes and remembers the clip coefficient and returns the total norm.</summary>
    double GradNorm(Tensor loss);

    /// <summary>Runs backward of <paramref name="loss"/>, updating every parameter inside it with <paramref name="learningRate"/>.</summary>
    void FusedBackward(Tensor loss, double learningRate);
}
