using TorchSharp.Modules;
using Training.TorchExtensions;
using System.Text.RegularExpressions;

namespace Training.Models;

/// <summary>
/// Matches the tensors of a GPT-2 <c>model.safetensors</c> to the parameters of a <see cref="Gpt2ForCausalLM"/>, and
/// refuses a file that does not fit before any byte of it is read. Accepted: the keys <c>GPT2LMHeadModel</c> writes
/// (<c>transformer.wte.weight</c>, ...) and those of the base <c>GPT2Model</c> (the hub's <c>gpt2</c> file:
/// <c>wte.weight</c>, ...); <c>lm_head.weight</c> when present (with tied embeddings it must equal
/// <c>wte.weight</c>, which <see cref="Gpt2ForCausalLM.FromPretrained"/> checks); the <c>attn.bias</c> and
/// <c>attn.masked_bias</c> buffers of older checkpoints are skipped; float16, bfloat16 and float64 tensors are
/// converted to the model's float32.
/// </summary>
internal static partial class Gpt2CheckpointLayout
{
    public const string Prefix = "transformer.";
    public const string Head = "lm_head.weight";
    public const string Embedding = "wte.weight";

    private static readonly ScalarType[] FloatTypes = [ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Float64];

    /// <summary>What to copy where: file tensor name → parameter; and, for a tied model, the file's head and embedding names.</summary>
    public sealed record Plan(IReadOnlyList<(string FileName, Parameter Target)> Targets, string? TiedHead, string EmbeddingFileName);

    public static Plan Match(Gpt2ForCausalLM model, SafeTensorsHeader header, string file)
    {
        // The model's parameters by their name without the transformer. prefix (lm_head.weight stays as it is, and is
        // only listed when untied: parameters() lists a tied matrix once, under wte).
        var expected = model.named_parameters().ToDictionary(
            p => p.name.StartsWith(Prefix, StringComparison.Ordinal) ? p.name[Prefix.Length..] : p.name, p => p.parameter, StringComparer.Ordinal);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var targets = new List<(string, Parameter)>();
        string? tiedHead = null;
        foreach (var info in header.Tensors.Values)
        {
            var name = info.Name.StartsWith(Prefix, StringComparison.Ordinal) ? info.Name[Prefix.Length..] : info.Name;
            if (Buffer().IsMatch(name)) continue;
            var tied = name == Head && model.Config.TieWordEmbeddings;
            if (!tied && !expected.ContainsKey(name))
            {
                var closest = Training.Optim.ClosestName.Find(name, expected.Keys);
                throw new Gpt2CheckpointException(file,
                    $"tensor '{info.Name}' [{Shape(info.Shape)}] is not a parameter of this GPT-2{(closest is null ? "" : $" (closest: '{Display(closest)}')")}; " +
                    $"the config has {Describe(model.Config)}", info.Name, info.Shape);
            }

            if (!found.TryAdd(name, info.Name))
                throw new Gpt2CheckpointException(file, $"tensors '{found[name]}' and '{info.Name}' are the same parameter; keep one", info.Name);
            if (!FloatTypes.Contains(info.DType))
                throw new Gpt2CheckpointException(file, $"tensor '{info.Name}' has dtype {info.DType}; GPT-2 weights are floating point", info.Name);
            var parameter = tied ? expected[Embedding] : expected[name];
            if (!info.Shape.SequenceEqual(parameter.shape))
            {
                var transposed = info.Shape.Count == 2 && info.Shape.Reverse().SequenceEqual(parameter.shape)
                    ? " (transposed: Conv1D weights are stored [in, out])" : "";
                throw new Gpt2CheckpointException(file,
                    $"tensor '{info.Name}' has shape [{Shape(info.Shape)}] in the file but the config ({Describe(model.Config)}) gives [{Shape(parameter.shape)}]{transposed}",
                    info.Name, info.Shape, parameter.shape);
            }

            if (tied) tiedHead = info.Name;
            else targets.Add((info.Name, parameter));
        }

        var missing = expected.Keys.Where(k => !found.ContainsKey(k)).Select(Display).ToList();
        if (missing.Count > 0)
        {
            var untied = missing.Contains(Head) ? " (the config has tie_word_embeddings false, so the file needs its own lm_head.weight)" : "";
            throw new Gpt2CheckpointException(file,
                $"missing tensor{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Take(8).Select(m => $"'{m}'"))}" +
                $"{(missing.Count > 8 ? $" and {missing.Count - 8} more" : "")}{untied}; the config has {Describe(model.Config)}", missing[0]);
        }

        return new Plan(targets, tiedHead, found[Embedding]);
    }

    // How Transformers' GPT2LMHeadModel names the parameter.
    private static string Display(string name) => name == Head ? Head : Prefix + name;

    private static string Describe(Gpt2Config config) =>
        $"vocab_size = {config.VocabSize}, n_positions = {config.Positions}, n_embd = {config.EmbeddingDim}, " +
        $"n_layer = {config.Layers}, n_inner = {config.FeedForwardDim}";

    private static string Shape(IEnumerable<long> shape) => string.Join(", ", shape);

    // The causal-mask buffers (attn.bias, attn.masked_bias) older Transformers saved with every block.
    [GeneratedRegex(@"^h\.\d+\.attn\.(bias|masked_bias)$", RegexOptions.CultureInvariant)]
    private static partial Regex Buffer();
}
