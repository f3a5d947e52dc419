using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using TorchSharp.Modules;

namespace Training.Optim;

/// <summary>
/// <c>TrainingArguments.OptimTargetModules</c>: which modules the low-rank optimizers (GaLore, APOLLO) project.
/// A single string is a regular expression matched against the whole module name (<c>"all-linear"</c> selects
/// every Linear); a list matches a module when it names it exactly, is a substring of its name, or fully
/// matches it as a regular expression — Transformers' <c>check_target_module_exists</c>.
/// </summary>
public sealed class OptimTargetModules
{
    /// <summary>The configuration key, named in errors.</summary>
    public const string SettingName = "OptimTargetModules";

    private OptimTargetModules(string? pattern, IReadOnlyList<string>? names)
    {
        Pattern = pattern;
        Names = names;
    }

    /// <summary>The single pattern, when one string was given.</summary>
    public string? Pattern { get; }

    /// <summary>The list, when several were given.</summary>
    public IReadOnlyList<string>? Names { get; }

    /// <summary>True for "all-linear" (or "all_linear").</summary>
    public bool IsAllLinear => Pattern is not null && Pattern.Replace('_', '-') == "all-linear";

    /// <summary>One pattern (or "all-linear").</summary>
    public static OptimTargetModules FromPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern, SettingName);
        return new OptimTargetModules(pattern, null);
    }

    /// <summary>A list of names, substrings or patterns.</summary>
    public static OptimTargetModules FromList(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names, SettingName);
        var list = names.ToList();
        if (list.Count == 0) throw new ArgumentException($"{SettingName} is an empty list", SettingName);
        return new OptimTargetModules(null, list);
    }

    /// <summary>Whether <paramref name="moduleName"/> is targeted, and whether a regular expression (not a literal name) matched it.</summary>
    public (bool Found, bool IsRegex) Match(string moduleName)
    {
        ArgumentNullException.ThrowIfNull(moduleName);
        if (Pattern is not null) return (Regex.IsMatch(moduleName, $"^(?:{Pattern})$"), Pattern != moduleName);
        if (Names!.Contains(moduleName)) return (true, false);
        if (Names!.Any(moduleName.Contains)) return (true, false);
        if (Names!.Any(n => Regex.IsMatch(moduleName, $"^(?:{n})$"))) return (true, true);
        return (false, false);
    }

    /// <summary>
    /// Splits a model's parameters for a low-rank optimizer: the weights of targeted <see cref="Linear"/> modules
    /// (biases stay normal) and everything else. A targeted module that is not Linear is reported through
    /// <paramref name="warn"/> unless a regular expression matched it. No target at all is an error.
    /// </summary>
    public (IReadOnlyList<Tensor> Others, IReadOnlyList<Tensor> Targets) Split(torch.nn.Module model, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var targetWeights = new List<string>();
        foreach (var (name, module) in model.named_modules())
        {
            if (name.Length == 0) continue;
            var (found, isRegex) = IsAllLinear ? (module is Linear, false) : Match(name);
            if (!found) continue;
            if (module is not Linear)
            {
                if (!isRegex) warn?.Invoke($"{name} matched {SettingName} but is not a Linear module; low-rank optimizers only project Linear weights");
                continue;
            }

            targetWeights.Add($"{name}.weight");
        }

        if (targetWeights.Count == 0)
            throw new ArgumentException($"No target modules found for {SettingName} ({this}) in the model", SettingName);
        var targets = new HashSet<string>(targetWeights, StringComparer.Ordinal);
        var all = model.named_parameters().ToList();
        return (all.Where(p => !targets.Contains(p.name)).Select(p => (Tensor)p.parameter).ToList(),
                all.Where(p => targets.Contains(p.name)).Select(p => (Tensor)p.parameter).ToList());
    }

    /// <inheritdoc/>
    public override string ToString() => Pattern ?? $"[{string.Join(", ", Names!)}]";
}
