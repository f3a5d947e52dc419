using System.Globalization;
using System.Text.Json;

namespace Training.Models.Tests;

/// <summary>
/// The C# model and its PyTorch twin (bench/python/tinygpt.py) are the same network: a state dict saved here as
/// safetensors loads strictly into the twin, which then computes the same logits; equal seeds give equal weights.
/// </summary>
public class PyTorchTwinTests
{
    private const string Script = """
        import json, sys, torch
        sys.path.insert(0, sys.argv[1])
        import tinygpt
        cfg = json.loads(sys.argv[2])
        seed = cfg.pop("seed")
        model = tinygpt.TinyGpt(tinygpt.Config(**cfg), torch.Generator().manual_seed(seed))
        initial = {k: v.clone() for k, v in model.state_dict().items()}
        state = tinygpt.read_safetensors(sys.argv[3])
        init_diff = {k: (initial[k] - state[k]).abs().max().item() for k in initial if k in state}
        trained = tinygpt.read_safetensors(sys.argv[4])
        model.load_state_dict(trained, strict=True)
        idx = tinygpt.read_safetensors(sys.argv[5])["input"]
        model.eval()
        with torch.no_grad():
            logits = model(idx)
        print(json.dumps({"keys": sorted(initial), "init_max_diff": max(init_diff.values()), "logits": logits.flatten().tolist()}))
        """;

    [TestCase(true)]
    [TestCase(false)]
    public void TheTwinLoadsTheStateDictAndComputesTheSameLogits(bool bias)
    {
        using var scope = NewDisposeScope();
        var folder = Directory.CreateTempSubdirectory("tinygpt-twin-");
        try
        {
            var config = Models.Small(bias: bias);
            using var model = new TinyGpt(config, new Generator(23));
            SafeTensors.Save(model.state_dict(), Path.Combine(folder.FullName, "initial.safetensors"));

            // Arbitrary weights, so that every parameter (layer norms and biases too) shapes the logits.
            using (no_grad())
            using (var generator = new Generator(24))
            {
                foreach (var p in model.parameters()) p.normal_(0, 0.2, generator);
            }

            SafeTensors.Save(model.state_dict(), Path.Combine(folder.FullName, "trained.safetensors"));
            var input = Models.Tokens(2, config.BlockSize, config.VocabSize, seed: 25);
            SafeTensors.Save(new Dictionary<string, Tensor> { ["input"] = input }, Path.Combine(folder.FullName, "input.safetensors"));
            model.eval();
            var logits = model.call(input);

            var twinConfig = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["vocab_size"] = config.VocabSize, ["block_size"] = config.BlockSize, ["n_embd"] = config.EmbeddingDim,
                ["n_head"] = config.Heads, ["n_layer"] = config.Layers, ["bias"] = bias, ["seed"] = 23,
            });
            var output = JsonDocument.Parse(PythonTorch.Run(Script, Repository.File("bench", "python"), twinConfig,
                Path.Combine(folder.FullName, "initial.safetensors"), Path.Combine(folder.FullName, "trained.safetensors"),
                Path.Combine(folder.FullName, "input.safetensors"))).RootElement;

            Assert.That(output.GetProperty("keys").EnumerateArray().Select(k => k.GetString()),
                Is.EqualTo(model.state_dict().Keys.Order(StringComparer.Ordinal)), "same parameter names");
            Assert.That(output.GetProperty("init_max_diff").GetDouble(), Is.Zero, "an equal seed draws equal weights");
            var expected = output.GetProperty("logits").EnumerateArray().Select(v => v.GetDouble()).ToList();
            var actual = logits.to(ScalarType.Float64).flatten().data<double>().ToArray();
            Closeness.AssertClose(actual, expected, rtol: 0, atol: 1e-4, what: "logits");
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"max |C# - PyTorch| = {actual.Zip(expected).Max(p => Math.Abs(p.First - p.Second)):E2} over {actual.Length} logits"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
