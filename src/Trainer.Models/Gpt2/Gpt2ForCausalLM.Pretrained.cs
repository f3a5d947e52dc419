using Training.TorchExtensions;

namespace Training.Models;

public sealed partial class Gpt2ForCausalLM
{
    /// <summary>The configuration file of a Hugging Face model folder.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The weights file of a Hugging Face model folder.</summary>
    public const string WeightsFileName = "model.safetensors";

    private static readonly IReadOnlyDictionary<string, string> WeightsMetadata = new Dictionary<string, string> { ["format"] = "pt" };

    /// <summary>
    /// Loads a Hugging Face GPT-2 folder: <c>config.json</c> and <c>model.safetensors</c>, as written by
    /// <c>GPT2LMHeadModel.save_pretrained</c> (keys <c>transformer.*</c>), by the base <c>GPT2Model</c> (the hub's
    /// <c>gpt2</c>: keys without the prefix), or by <see cref="SavePretrained"/>. A <c>lm_head.weight</c> is loaded
    /// when the config unties it and must equal <c>wte.weight</c> when it ties them; the <c>attn.bias</c> and
    /// <c>attn.masked_bias</c> buffers of older checkpoints are skipped; float16, bfloat16 and float64 weights are
    /// converted to float32. Every name and shape is checked before any weight is read. The model comes back in
    /// evaluation mode (no dropout), as Transformers' <c>from_pretrained</c> leaves it; the Trainer switches it to
    /// training mode for its steps.
    /// </summary>
    /// <exception cref="Gpt2CheckpointException">The folder or a file is missing, or a tensor is missing, unexpected or of the wrong shape (named).</exception>
    /// <exception cref="Gpt2ConfigException"><c>config.json</c> has a missing, mistyped or invalid field (named).</exception>
    /// <exception cref="InvalidDataException"><c>model.safetensors</c> is not a valid safetensors file.</exception>
    public static Gpt2ForCausalLM FromPretrained(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) throw new Gpt2CheckpointException(folder, "the folder does not exist");
        var configPath = Path.Combine(folder, ConfigFileName);
        if (!File.Exists(configPath)) throw new Gpt2CheckpointException(folder, $"the folder has no {ConfigFileName} (it holds: {Listing(folder)})");
        var weightsPath = Path.Combine(folder, WeightsFileName);
        if (!File.Exists(weightsPath))
            throw new Gpt2CheckpointException(folder, $"the folder has no {WeightsFileName} (it holds: {Listing(folder)}); " +
                "sharded (model.safetensors.index.json) and pickled (pytorch_model.bin) weights are not read: save the model as a single safetensors file");
        var config = Gpt2Config.Load(configPath);
        var header = SafeTensors.ReadHeader(weightsPath);
        var model = new Gpt2ForCausalLM(config, initialize: false, generator: null);
        try
        {
            var plan = Gpt2CheckpointLayout.Match(model, header, weightsPath);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var tensors = SafeTensors.Load(weightsPath);
            // copy_ converts float16/bfloat16/float64 to the parameter's float32.
            foreach (var (name, target) in plan.Targets) target.copy_(tensors[name]);
            if (plan.TiedHead is { } head && !tensors[head].to(ScalarType.Float32).eq(tensors[plan.EmbeddingFileName].to(ScalarType.Float32)).all().item<bool>())
                throw new Gpt2CheckpointException(weightsPath,
                    $"tensor '{head}' differs from '{plan.EmbeddingFileName}' but {ConfigFileName} has tie_word_embeddings true, " +
                    "which makes them one matrix; set tie_word_embeddings to false to load a separate head", head);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes <c>config.json</c> and <c>model.safetensors</c> into <paramref name="folder"/> (created if needed), each
    /// atomically, in the layout <c>GPT2LMHeadModel.from_pretrained</c> loads: keys <c>transformer.*</c>,
    /// <c>lm_head.weight</c> only when the head is not tied (Transformers re-ties it on load), in the parameters' dtype
    /// (float32 unless the model was converted), metadata <c>{"format": "pt"}</c>.
    /// </summary>
    public void SavePretrained(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        using var scope = NewDisposeScope();
        // named_parameters lists the tied matrix once, under transformer.wte.weight: exactly the keys to write.
        var tensors = named_parameters().ToDictionary(p => p.name, p => p.parameter.detach(), StringComparer.Ordinal);
        SafeTensors.Save(tensors, Path.Combine(folder, WeightsFileName), WeightsMetadata);
        SaveConfig(folder);
    }

    /// <summary>
    /// Writes only <c>config.json</c> (<see cref="Config"/>) into <paramref name="folder"/> (created if needed),
    /// atomically. The Trainer calls it for every checkpoint, whose <c>model.safetensors</c> it writes itself.
    /// </summary>
    public void SaveConfig(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        Config.Save(Path.Combine(folder, ConfigFileName));
    }

    private static string Listing(string folder)
    {
        var names = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? "nothing" : string.Join(", ", names);
    }
}
