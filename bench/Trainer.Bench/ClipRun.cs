using TorchSharp;
using Training.TorchExtensions;
using static System.FormattableString;

namespace Training.Bench;

/// <summary>
/// Gradient-norm clipping over GPT-2 small's 148 gradients (<c>--clip</c>): <see cref="GradientClipping.ClipGradNorm"/>
/// when it rescales and when the norm stays below the limit (the norm pass alone), next to TorchSharp's
/// <c>nn.utils.clip_grad_norm_</c> (libtorch's C++ loop, which takes Parameters only), median ms per call.
/// </summary>
internal static class ClipRun
{
    // Far above any norm of N(0, 1) gradients: the call measures the norm pass and the one host read.
    private const double NeverReached = 1e30;

    /// <summary>Times every variant with <paramref name="workload"/>'s step counts and returns the table.</summary>
    public static string Run(Workload workload)
    {
        var parameters = Gpt2Shapes.NewParametersWithGradients();
        try
        {
            var tensors = parameters.Cast<torch.Tensor>().ToList();
            var steps = workload.AdamSteps * 2 + 1;
            // A limit of 1 rescales on every call (after the first the norm is 1 + 1e-6 away from it), so each call
            // pays the norm pass and the scaling pass.
            (string Name, double Ms)[] rows =
            [
                ("GradientClipping.ClipGradNorm, rescaling", StepTiming.Median(workload.AdamWarmup, steps, () => GradientClipping.ClipGradNorm(tensors, 1.0))),
                ("GradientClipping.ClipGradNorm, below limit", StepTiming.Median(workload.AdamWarmup, steps, () => GradientClipping.ClipGradNorm(tensors, NeverReached))),
                ("TorchSharp clip_grad_norm_, rescaling", StepTiming.Median(workload.AdamWarmup, steps, () => torch.nn.utils.clip_grad_norm_(parameters, 1.0))),
                ("TorchSharp clip_grad_norm_, below limit", StepTiming.Median(workload.AdamWarmup, steps, () => torch.nn.utils.clip_grad_norm_(parameters, NeverReached))),
            ];
            var lines = new List<string>
            {
                Invariant($"gradient clipping (L2) over GPT-2 small's {Gpt2Shapes.All.Count} gradients, {Gpt2Shapes.Parameters:N0} float32 (median ms of {steps})"),
                "| variant                                      |       ms |",
                "|----------------------------------------------|---------:|",
            };
            lines.AddRange(rows.Select(r => Invariant($"| {r.Name,-44} | {r.Ms,8:F1} |")));
            return string.Join(Environment.NewLine, lines);
        }
        finally
        {
            foreach (var p in parameters) p.Dispose();
        }
    }
}
