using Training.Optim;

namespace Training.Models.Tests;

/// <summary>The training step the tests share with the benchmark (needs Trainer.Optim).</summary>
internal static partial class Models
{
    /// <summary>One training step as the benchmark runs it: loss, backward, clipping, AdamW, zero_grad.</summary>
    public static double TrainStep(TinyGpt model, Optimizer optimizer, Tensor input, Tensor target)
    {
        var loss = model.Loss(input, target);
        loss.backward();
        nn.utils.clip_grad_norm_(model.parameters(), 1.0);
        optimizer.Step();
        optimizer.ZeroGrad();
        return loss.item<float>();
    }

    /// <summary>AdamW over the Transformers decay/no-decay groups.</summary>
    public static AdamW AdamW(TinyGpt model, double lr, bool fused = false) =>
        new(DecayGrouping.CreateGroups(model, 0.1), new AdamWOptions { LearningRate = lr, Fused = fused });
}
