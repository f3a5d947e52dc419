using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// GrokAdamW: AdamW on an amplified gradient <c>g + λ·ema(g)</c> whose EMA decay shrinks with a grokking signal
/// (the relative gap between eval and train loss), with per-parameter gradient clipping and a first-moment decay
/// that falls with the parameter's position in its group. State per parameter: <c>step</c>, <c>exp_avg</c>,
/// <c>exp_avg_sq</c>, <c>grok_ema</c>. Upstream keeps these in <c>group["state"]</c>, so they are silently lost
/// when a checkpoint is loaded; here they are ordinary optimizer state and survive a resume (intended behaviour).
/// </summary>
public sealed class GrokAdamW : PerParameterOptimizer
{
    private static readonly IReadOnlySet<string> StepAsInteger = new HashSet<string>(StringComparer.Ordinal) { "step" };
    private readonly IReadOnlyList<Func<double?>>? signalFunctions;
    private readonly ILogger logger;

    /// <summary>Creates GrokAdamW over parameters.</summary>
    public GrokAdamW(IEnumerable<Tensor> parameters, GrokAdamWOptions? options = null, ILogger? logger = null)
        : this([new ParamGroup(parameters)], options, logger) { }

    /// <summary>Creates GrokAdamW over groups; keys a group lacks come from <paramref name="options"/>.</summary>
    public GrokAdamW(IEnumerable<ParamGroup> groups, GrokAdamWOptions? options = null, ILogger? logger = null)
        : base(groups, options ?? new GrokAdamWOptions())
    {
        signalFunctions = options?.GrokkingSignalFunctions;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public override string Name => "GrokAdamW";

    /// <summary>Upstream's <c>step</c> is a Python int.</summary>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    /// <inheritdoc/>
    protected override IReadOnlySet<string> IntegerScalarNames => StepAsInteger;

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.Step = 0;
        state.SetTensor("exp_avg", torch.zeros_like(parameter));
        state.SetTensor("exp_avg_sq", torch.zeros_like(parameter));
        state.SetTensor("grok_ema", torch.zeros_like(parameter));
    }

    /// <inheritdoc/>
    protected override void StepGroup(ParamGroup group)
    {
        var signal = GrokkingSignal(group);
        var alpha = group["alpha_init"];
        if (signal is { } s) alpha *= Math.Exp(-group["grokking_signal_decay_rate"] * s);
        var (beta1, _) = group.GetPair("betas");
        var index = 0;
        foreach (var parameter in group.Parameters)
        {
            if (parameter.grad is null) continue;
            // The position counts only parameters with a gradient, restarting in every group.
            var layerBeta1 = beta1 * Math.Pow(1 - group["gamma"], index++);
            Update(group, parameter, GetOrCreateState(group, parameter), layerBeta1, alpha);
        }
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var signal = GrokkingSignal(group);
        var alpha = group["alpha_init"];
        if (signal is { } s) alpha *= Math.Exp(-group["grokking_signal_decay_rate"] * s);
        Update(group, parameter, state, group.GetPair("betas").First, alpha);
    }

    private static void Update(ParamGroup group, Tensor parameter, ParameterState state, double layerBeta1, double alpha)
    {
        var (beta1, beta2) = group.GetPair("betas");
        state.Step += 1;
        var step = state.Step;
        var clip = group["gradient_clipping"];
        // Per-parameter clipping, in place on p.grad as torch.nn.utils.clip_grad_norm_(p, clip) does upstream.
        if (clip > 0) GradientClipping.ClipGradNorm([parameter], clip);
        var gradient = parameter.grad!;

        var expAvg = state.Tensor("exp_avg");
        var expAvgSq = state.Tensor("exp_avg_sq");
        var grokEma = state.Tensor("grok_ema");
        grokEma.mul_(Scalars.Keep(alpha)).add_(gradient, Scalars.Keep(1 - alpha));
        var grokGradient = gradient.add(grokEma, Scalars.Keep(group["lamb"]));
        expAvg.mul_(Scalars.Keep(layerBeta1)).add_(grokGradient, Scalars.Keep(1 - layerBeta1));
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(grokGradient, grokGradient, Scalars.Keep(1 - beta2));
        var denominator = expAvgSq.sqrt().add_(Scalars.Keep(group["eps"]));

        // Bias correction uses the group's β1, not the position-decayed one (as upstream).
        var lr = group.LearningRate;
        var stepSize = lr * Math.Sqrt(1 - Math.Pow(beta2, step)) / (1 - Math.Pow(beta1, step));
        parameter.mul_(Scalars.Keep(1 - lr * group["weight_decay"]));
        parameter.addcdiv_(expAvg, denominator, Scalars.Keep(-stepSize));
    }

    /// <summary>
    /// The grokking signal of a group: from the signal functions (mean of their non-null results, null when none
    /// gives one; a failing function is logged and ignored, as upstream), else
    /// <c>max(0, eval − train)/max(eval, train)</c> from the group's <c>train_loss</c>/<c>eval_loss</c> (0 when
    /// either is missing).
    /// </summary>
    public double? GrokkingSignal(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (signalFunctions is null) return DefaultSignal(Loss(group, "train_loss"), Loss(group, "eval_loss"));
        var signals = new List<double>();
        foreach (var function in signalFunctions)
        {
            try
            {
                if (function() is { } value) signals.Add(value);
            }
#pragma warning disable CA1031 // upstream ignores a failing signal function (with a warning) and keeps training
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Error in grokking signal function: {Message}. Ignoring this function.", e.Message);
            }
        }

        if (signals.Count == 0) return null;
        var sum = 0.0;
        foreach (var value in signals) sum += value; // left to right, as Python's sum()
        return sum / signals.Count;
    }

    private static double? Loss(ParamGroup group, string key) =>
        group.ContainsKey(key) && group.GetValue(key) is not null ? group[key] : null;

    private static double DefaultSignal(double? trainLoss, double? evalLoss)
    {
        if (trainLoss is not { } train || evalLoss is not { } eval) return 0.0;
        var difference = Math.Max(0, eval - train);
        var maxLoss = Math.Max(eval, train);
        return maxLoss > 0 ? difference / maxLoss : 0.0;
    }
}
