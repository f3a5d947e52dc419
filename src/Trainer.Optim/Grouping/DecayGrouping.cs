using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using TorchSharp.Modules;

namespace Training.Optim;

/// <summary>
/// Transformers' weight-decay split (<c>Trainer.get_decay_parameter_names</c>): a parameter gets no decay
/// when it sits inside a <see cref="LayerNorm"/> module or its lower-cased dotted name matches one of
/// <see cref="NoDecayPatterns"/> (bias, layernorm, rmsnorm, a <c>norm</c> segment, a <c>_norm</c> suffix).
/// Embeddings and output heads are decayed.
/// </summary>
public static partial class DecayGrouping
{
    /// <summary>The name patterns (searched in the lower-cased dotted name) that exclude a parameter from decay.</summary>
    public static IReadOnlyList<Regex> NoDecayPatterns { get; } =
        [Bias(), LayerNormName(), RmsNormName(), NormSegment(), NormSuffix()];

    [GeneratedRegex("bias")] private static partial Regex Bias();
    [GeneratedRegex("layernorm")] private static partial Regex LayerNormName();
    [GeneratedRegex("rmsnorm")] private static partial Regex RmsNormName();
    [GeneratedRegex(@"(?:^|\.)norm(?:$|\.)")] private static partial Regex NormSegment();
    [GeneratedRegex(@"_norm(?:$|\.)")] private static partial Regex NormSuffix();

    /// <summary>The dotted names of the parameters that receive weight decay.</summary>
    public static IReadOnlyList<string> GetDecayParameterNames(torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ParameterNames(model);
    }

    // Recursive like get_parameter_names: everything under a LayerNorm child is dropped, names are tested
    // at every level (equivalent to testing the full name), then the module's own parameters.
    private static List<string> ParameterNames(torch.nn.Module module)
    {
        var result = new List<string>();
        foreach (var (name, child) in module.named_children())
        {
            if (child is LayerNorm) continue;
            foreach (var inner in ParameterNames(child))
            {
                var full = $"{name}.{inner}";
                if (!Excluded(full)) result.Add(full);
            }
        }

        foreach (var (name, _) in module.named_parameters(recurse: false))
            if (!Excluded(name)) result.Add(name);
        return result;
    }

    private static bool Excluded(string name)
    {
        var lower = name.ToLowerInvariant();
        return NoDecayPatterns.Any(p => p.IsMatch(lower));
    }

    /// <summary>
    /// The two groups <c>Trainer.create_optimizer</c> builds (both always present, possibly empty):
    /// trainable decayed parameters with <paramref name="weightDecay"/>, and the rest with 0.
    /// </summary>
    public static IReadOnlyList<ParamGroup> CreateGroups(torch.nn.Module model, double weightDecay)
    {
        var decay = new HashSet<string>(GetDecayParameterNames(model), StringComparer.Ordinal);
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        return
        [
            new ParamGroup(trainable.Where(p => decay.Contains(p.name)).Select(p => (Tensor)p.parameter),
                new Dictionary<string, object?> { ["weight_decay"] = weightDecay }),
            new ParamGroup(trainable.Where(p => !decay.Contains(p.name)).Select(p => (Tensor)p.parameter),
                new Dictionary<string, object?> { ["weight_decay"] = 0.0 }),
        ];
    }

    /// <summary>
    /// Layer-wise learning rates on top of the decay split: each trainable parameter takes the multiplier of the
    /// first rule whose pattern is found in its name (1 when none), and parameters sharing (multiplier, decay)
    /// form one group with <c>lr = baseLearningRate·multiplier</c>. Empty groups are dropped.
    /// </summary>
    public static IReadOnlyList<ParamGroup> CreateLayerwiseGroups(torch.nn.Module model, double baseLearningRate, double weightDecay,
        IReadOnlyList<(string Pattern, double Multiplier)> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var compiled = rules.Select(r => (Regex: new Regex(r.Pattern, RegexOptions.CultureInvariant), r.Multiplier)).ToList();
        var decay = new HashSet<string>(GetDecayParameterNames(model), StringComparer.Ordinal);
        var groups = new List<(double Multiplier, bool Decay, List<Tensor> Parameters)>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!parameter.requires_grad) continue;
            var rule = compiled.FindIndex(r => r.Regex.IsMatch(name));
            var multiplier = rule < 0 ? 1.0 : compiled[rule].Multiplier;
            var decayed = decay.Contains(name);
            var index = groups.FindIndex(g => g.Multiplier == multiplier && g.Decay == decayed);
            if (index < 0) groups.Add((multiplier, decayed, [parameter]));
            else groups[index].Parameters.Add(parameter);
        }

        return groups.Select(g => new ParamGroup(g.Parameters, new Dictionary<string, object?>
        {
            ["lr"] = baseLearningRate * g.Multiplier,
            ["weight_decay"] = g.Decay ? weightDecay : 0.0,
        })).ToList();
    }
}
