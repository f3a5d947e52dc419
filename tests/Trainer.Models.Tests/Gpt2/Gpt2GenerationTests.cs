using Training.TorchExtensions;
namespace Training.Models.Tests;

/// <summary>
/// Generation: greedy decoding is the argmax of the logits, step by step (with and without the KV cache, and past
/// n_positions); sampling follows its generator; top-k, top-p and the end-of-text token behave as in Transformers.
/// </summary>
[NonParallelizable]
public class Gpt2GenerationTests
{
    [TestCase(4, 10)]
    [TestCase(28, 12)]
    public void GreedyIsTheArgmaxOfTheLogitsStepByStep(int promptLength, int newTokens)
    {
        using var scope = NewDisposeScope();
        var config = Gpt2Fixtures.Small() with { ResidualDropout = 0.1, AttentionDropout = 0.1, EmbeddingDropout = 0.1 };
        using var model = Gpt2Fixtures.Random(config, seed: 81);
        var prompt = Gpt2Fixtures.Tokens(2, promptLength, config.VocabSize, seed: 82);

        var cached = model.Generate(prompt, newTokens);
        var recomputed = model.Generate(prompt, newTokens, new Gpt2GenerationOptions { UseCache = false });
        Assert.That(model.training, Is.True, "the training mode is restored");

        // The reference: the whole (cropped) sequence through Logits() in evaluation mode, one token at a time.
        model.eval();
        var expected = prompt.clone();
        using (no_grad())
        {
            for (var step = 0; step < newTokens; step++)
            {
                var window = expected.narrow(1, Math.Max(0, expected.size(1) - config.Positions), Math.Min(expected.size(1), config.Positions));
                var next = model.Logits(window).select(1, -1).argmax(-1, keepdim: true);
                expected = cat([expected, next], 1);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(cached.shape, Is.EqualTo(new long[] { 2, promptLength + newTokens }));
            Assert.That(cached.ValuesEqual(expected), Is.True, "with the KV cache (beyond n_positions the window slides)");
            Assert.That(recomputed.ValuesEqual(expected), Is.True, "without the cache");
            Assert.That(model.Generate(prompt, newTokens).ValuesEqual(cached), Is.True, "deterministic");
        });
    }

    [Test]
    public void SamplingWithASeededGeneratorIsReproducible()
    {
        using var scope = NewDisposeScope();
        var config = Gpt2Fixtures.Small();
        using var model = Gpt2Fixtures.Random(config, seed: 83);
        var prompt = Gpt2Fixtures.Tokens(3, 3, config.VocabSize, seed: 84);
        Tensor Sample(ulong seed, double temperature = 1.0, int? topK = null, double? topP = null)
        {
            using var generator = new Generator(seed);
            return model.Generate(prompt, 16, new Gpt2GenerationOptions { DoSample = true, Generator = generator, Temperature = temperature, TopK = topK, TopP = topP });
        }

        var greedy = model.Generate(prompt, 16);
        Assert.Multiple(() =>
        {
            Assert.That(Sample(85).ValuesEqual(Sample(85)), Is.True, "equal seeds, equal samples");
            Assert.That(Sample(85).ValuesEqual(Sample(86)), Is.False, "other seeds, other samples");
            Assert.That(Sample(87, temperature: 0.7, topK: 20, topP: 0.9).ValuesEqual(Sample(87, temperature: 0.7, topK: 20, topP: 0.9)), Is.True);
            Assert.That(Sample(88, topK: 1).ValuesEqual(greedy), Is.True, "top-k 1 keeps only the most likely token");
            Assert.That(Sample(89, topP: 1e-6).ValuesEqual(greedy), Is.True, "a tiny top-p keeps only the most likely token");
            Assert.That(Sample(90, temperature: 1e-4).ValuesEqual(greedy), Is.True, "a tiny temperature is greedy");
        });
    }

    [Test]
    public void TopKAndTopPKeepTheTokensTransformersKeeps()
    {
        using var scope = NewDisposeScope();
        // Probabilities 0.5, 0.25, 0.15, 0.1 (token order 2, 0, 3, 1): top-p 0.7 keeps the first two (0.75 ≥ 0.7).
        var logits = tensor(new[] { 0.25f, 0.1f, 0.5f, 0.15f }).log().unsqueeze(0);
        using var generator = new Generator(91);
        Tensor Draws(Gpt2GenerationOptions options)
        {
            using var chooser = new Gpt2TokenChooser(options);
            return stack(Enumerable.Range(0, 400).Select(_ => chooser.Choose(logits.clone())).ToArray());
        }

        var topP = Draws(new Gpt2GenerationOptions { DoSample = true, TopP = 0.7, Generator = generator });
        var topK = Draws(new Gpt2GenerationOptions { DoSample = true, TopK = 3, Generator = generator });
        Assert.Multiple(() =>
        {
            Assert.That(topP.unique().Item1.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 2 }));
            Assert.That(topK.unique().Item1.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 2, 3 }));
            Assert.That(topP.eq(Scalars.Keep(2)).sum().item<long>() / 400.0, Is.EqualTo(2.0 / 3).Within(0.08), "renormalised over the kept tokens");
        });
    }

    [Test]
    public void RowsStopAtTheEndOfTextTokenAndArePadded()
    {
        using var scope = NewDisposeScope();
        var config = Gpt2Fixtures.Small();
        using var model = Gpt2Fixtures.Random(config, seed: 92);
        var prompt = Gpt2Fixtures.Tokens(2, 3, config.VocabSize, seed: 93);
        var free = model.Generate(prompt, 12);
        // End-of-text: the third token row 0 generates greedily (row 1 may or may not produce it).
        var eos = (int)free[0, 5].item<long>();
        var stopped = model.Generate(prompt, 12, new Gpt2GenerationOptions { EosTokenId = eos, PadTokenId = 7 });
        var row0 = stopped[0].data<long>().ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(row0.Take(6), Is.EqualTo(free[0].data<long>().ToArray().Take(6)), "identical up to the end-of-text token");
            Assert.That(row0.Skip(6), Is.All.EqualTo(7L), "padded after it");
        });

        // Both rows end on their first token: generation stops early.
        var first = model.Generate(prompt, 1);
        var both = cat([prompt.narrow(0, 0, 1), prompt.narrow(0, 0, 1)], 0);
        var end = (int)first[0, 3].item<long>();
        Assert.That(model.Generate(both, 12, new Gpt2GenerationOptions { EosTokenId = end }).shape, Is.EqualTo(new long[] { 2, 4 }));
    }

    [Test]
    public void OnlyTheResultIsLeftInTheCallersScope()
    {
        using var model = Gpt2Fixtures.Random(Gpt2Fixtures.Small(), seed: 94);
        using var prompt = Gpt2Fixtures.Tokens(2, 3, 101, seed: 95);
        using var generator = new Generator(96);
        var baseline = LiveTensors.SettledCount();
        using (var scope = NewDisposeScope())
        {
            model.Generate(prompt, 40, new Gpt2GenerationOptions { DoSample = true, TopK = 10, TopP = 0.9, Generator = generator, EosTokenId = 5 });
            Assert.That(scope.DisposablesCount, Is.EqualTo(1));
        }

        Assert.That(LiveTensors.SettledCount(), Is.EqualTo(baseline));
    }

    [Test]
    public void BadArgumentsAreNamed()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2ForCausalLM(Gpt2Fixtures.Small(), new Generator(97));
        var prompt = Gpt2Fixtures.Tokens(1, 2, 101, seed: 98);
        Assert.Multiple(() =>
        {
            Assert.That(() => model.Generate(prompt, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => model.Generate(prompt, 1, new Gpt2GenerationOptions { Temperature = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("temperature"));
            Assert.That(() => model.Generate(prompt, 1, new Gpt2GenerationOptions { TopP = 1.5 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("top_p"));
            Assert.That(() => model.Generate(prompt, 1, new Gpt2GenerationOptions { TopK = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("top_k"));
            Assert.That(() => model.Generate(prompt.flatten(), 1), Throws.ArgumentException);
            Assert.That(() => model.Generate(prompt.narrow(1, 0, 0), 1), Throws.ArgumentException);
        });
    }
}
