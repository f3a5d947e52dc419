using System.Globalization;
using Training.TorchExtensions;

namespace Training.Models.Tests;

/// <summary>
/// The logits and the loss equal an independent PyTorch implementation of Transformers' GPT-2 forward
/// (<see cref="Gpt2Reference"/>) for the same weights, read by PyTorch from the file <see cref="Gpt2ForCausalLM.SavePretrained"/>
/// wrote; and that file holds exactly the tensors, names and shapes Transformers' GPT2LMHeadModel saves.
/// </summary>
[NonParallelizable]
public class Gpt2PyTorchReferenceTests
{
    public enum Variant
    {
        /// <summary>The defaults (gelu_new, tied head), no padding.</summary>
        Plain,

        /// <summary>The defaults, with right padding in the attention mask.</summary>
        RightPadding,

        /// <summary>
        /// Left padding. The padded queries of a padded row see only padded keys; what they compute differs between
        /// Transformers versions (the eager mask this reference copies weighs the visible pads and the future real
        /// tokens alike; newer ones weigh every key alike) and is used by no loss here, so only the real positions are
        /// compared, and the padded ones must be finite (a boolean mask would give NaN).
        /// </summary>
        LeftPadding,

        /// <summary>Another shape: gelu, n_inner 40, unscaled scores divided by the layer index, untied head, padding.</summary>
        Variations,
    }

    [TestCase(Variant.Plain)]
    [TestCase(Variant.RightPadding)]
    [TestCase(Variant.LeftPadding)]
    [TestCase(Variant.Variations)]
    public void LogitsAndLossEqualTransformersComputation(Variant variant)
    {
        using var scope = NewDisposeScope();
        var folder = Gpt2Fixtures.TemporaryFolder();
        try
        {
            var config = variant == Variant.Variations
                ? Gpt2Fixtures.Small(tied: false) with
                {
                    ActivationFunction = "gelu", InnerDim = 40, ScaleAttentionWeights = false, ScaleAttentionByInverseLayerIndex = true,
                    LayerNormEpsilon = 1e-3,
                }
                : Gpt2Fixtures.Small();
            using var model = Gpt2Fixtures.Random(config, seed: 31);
            model.SavePretrained(folder.FullName);
            var ids = Gpt2Fixtures.Tokens(3, 12, config.VocabSize, seed: 32);
            var mask = variant switch
            {
                Variant.Plain => null,
                Variant.LeftPadding => Gpt2Fixtures.LeftPadded(12, 12, 7, 3),
                _ => Gpt2Fixtures.RightPadded(12, 12, 7, 3),
            };
            var labels = Gpt2Fixtures.Labels(ids, mask);
            // The first real token of a left-padded row is predicted by a padded position: not counted (see LeftPadding).
            if (variant == Variant.LeftPadding) labels.narrow(1, 1, 11).masked_fill_(mask!.narrow(1, 0, 11).eq(Scalars.Keep(0)), Scalars.Keep(CausalLanguageModelLoss.IgnoreIndex));
            using var batch = Gpt2Fixtures.Batch(ids, mask, labels);
            var output = model.call(batch);

            var reference = Gpt2Reference.Run(folder.FullName, Gpt2Reference.SaveInputs(folder.FullName, ids, mask, labels));
            var expected = reference.GetProperty("logits").EnumerateArray().Select(v => v.GetDouble()).ToList();
            var actual = Gpt2Fixtures.Values(output.Logits).ToList();
            Assert.That(output.Logits.isfinite().all().item<bool>(), Is.True, "finite everywhere, padded positions too");
            if (variant == Variant.LeftPadding)
            {
                // Only the positions of real tokens (see LeftPadding).
                var real = Gpt2Fixtures.Values(mask!.unsqueeze(-1).expand(3, 12, config.VocabSize));
                actual = actual.Where((_, i) => real[i] != 0).ToList();
                expected = expected.Where((_, i) => real[i] != 0).ToList();
            }

            Closeness.AssertClose(actual, expected, rtol: 0, atol: 1e-4, what: "logits");
            Assert.That(output.Loss!.item<float>(), Is.EqualTo(reference.GetProperty("loss").GetDouble()).Within(1e-4), "loss");
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{variant}: max |C# - PyTorch| = {actual.Zip(expected).Max(p => Math.Abs(p.First - p.Second)):E2} over {actual.Count} logits " +
                $"(largest |logit| {expected.Max(Math.Abs):F2}); " +
                $"loss {output.Loss!.item<float>():R} vs {reference.GetProperty("loss").GetDouble():R}"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void PyTorchFindsExactlyTransformersNamesAndShapes(bool tied)
    {
        using var scope = NewDisposeScope();
        var folder = Gpt2Fixtures.TemporaryFolder();
        try
        {
            var config = Gpt2Fixtures.Small(tied) with { InnerDim = 48 };
            using var model = new Gpt2ForCausalLM(config, new Generator(33));
            model.SavePretrained(folder.FullName);
            var ids = Gpt2Fixtures.Tokens(1, 4, config.VocabSize, seed: 34);
            var reference = Gpt2Reference.Run(folder.FullName, Gpt2Reference.SaveInputs(folder.FullName, ids));

            var expected = Gpt2Reference.TransformersTensors(vocab: 101, positions: 32, embedding: 32, inner: 48, layers: 2, tied);
            var tensors = reference.GetProperty("tensors").EnumerateObject()
                .ToDictionary(t => t.Name, t => t.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray());
            Assert.Multiple(() =>
            {
                Assert.That(tensors.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys), "names");
                foreach (var (name, shape) in expected) Assert.That(tensors.GetValueOrDefault(name), Is.EqualTo(shape), name);
                Assert.That(reference.GetProperty("tensors").EnumerateObject().Select(t => t.Value.GetProperty("dtype").GetString()).Distinct(),
                    Is.EqualTo(new[] { "F32" }), "float32");
                Assert.That(reference.GetProperty("metadata").GetProperty("format").GetString(), Is.EqualTo("pt"));
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
